// What `apply: true` would change, decided before anything is changed, and split by whether
// it needs blue to reboot. Without allow-reboot only the changes that take full effect
// without a reboot are made (turning on backups when asked, a dynamic parameter changed in
// place, green's target group); creating and attaching a custom group, a static parameter
// and a pending reboot are left for a run with allow-reboot.
import type { Parameter } from '@aws-sdk/client-rds'
import { binlogGroupOf } from '../../checks/blue/binlog-settings.js'
import { customGroupDescription, customGroupName } from '../../checks/blue/custom-group.js'
import { targetBinlogGroup } from '../../checks/blue/target-groups.js'
import type { PrepareInputs } from '../../inputs/types.js'
import {
  familyOfDefaultGroup,
  groupLabel,
  memberGroupStatuses,
  parameterValue,
  pendingReboot,
  userParameters,
  type GroupKind,
  type ParameterGroupInfo,
} from '../../rds/parameter-groups.js'
import { hasCode, type CheckResult } from './checks.js'
import type { BlueState } from './state.js'

export interface GroupChange {
  group: ParameterGroupInfo
  parameters: Parameter[]
}

export interface NewGroup {
  kind: GroupKind
  name: string
  family: string
  description: string
  copiedFrom: ParameterGroupInfo
  /** The copied user settings and binlog_format. */
  parameters: Parameter[]
}

export interface Plan {
  /** Days of automated backups to turn on (RDS for MySQL, only when backup-retention-period asks). */
  backups?: number
  /** binlog_format fixed in green's target group (not attached to blue: no reboot of blue). */
  targetGroup?: GroupChange
  /** blue's custom group modified in place; needsReboot when the parameter is static (Aurora). */
  inPlace?: GroupChange & { needsReboot: boolean }
  /** A custom copy of blue's default group, created (or found) and attached: needs a reboot. */
  newGroup?: NewGroup
  /** Members that need a reboot whatever prepare changes (pending-reboot, or the server not running with its groups), with why. */
  reboot: { members: string[]; reasons: string[] }
  /** Write a heartbeat row even when nothing else changes: the binlog has no transaction yet. */
  heartbeatNow: boolean
  /** Why apply changes nothing at all. */
  blocked?: string
}

/** binlog_format=value with the ApplyMethod its ApplyType allows. */
function setting(group: ParameterGroupInfo, name: string, value: string): Parameter {
  const spec = group.parameters.get(name)
  return { ParameterName: name, ParameterValue: value, ApplyMethod: spec?.ApplyType === 'static' ? 'pending-reboot' : 'immediate' }
}

/** The reboots a plan calls for: pending ones plus those its group changes cause. */
export function needsReboot(plan: Plan): boolean {
  return plan.reboot.members.length > 0 || plan.newGroup !== undefined || plan.inPlace?.needsReboot === true
}

export function planChanges(state: BlueState, checks: CheckResult[], inputs: PrepareInputs): Plan {
  const { db, groups, wanted } = state
  const plan: Plan = { reboot: { members: [], reasons: [] }, heartbeatNow: hasCode(checks, 'BINLOG_NO_WRITE_SINCE_RESTART') }
  if (state.deployment) {
    plan.blocked = `Blue/Green Deployment ${state.deployment.BlueGreenDeploymentIdentifier ?? ''} already exists for ${db.identifier}`
    return plan
  }
  if (hasCode(checks, 'ENGINE_UNSUPPORTED')) {
    plan.blocked = `${db.identifier} is not a supported source`
    return plan
  }
  if (hasCode(checks, 'BACKUPS_DISABLED') && inputs.backupRetentionPeriod !== undefined) plan.backups = inputs.backupRetentionPeriod

  const group = binlogGroupOf(db, groups)
  const value = parameterValue(group, 'binlog_format')
  if (group && value?.toUpperCase() !== wanted) {
    const family = familyOfDefaultGroup(group.name)
    if (group.isDefault && family) {
      const name = customGroupName(db.identifier)
      plan.newGroup = {
        kind: group.kind,
        name,
        family,
        description: customGroupDescription(group.kind, db.identifier, group.name, wanted),
        copiedFrom: group,
        parameters: [
          ...userParameters(group)
            .filter((p) => p.ParameterName !== 'binlog_format')
            .map((p) => setting(group, p.ParameterName ?? '', p.ParameterValue ?? '')),
          setting(group, 'binlog_format', wanted),
        ],
      }
    } else if (!group.isDefault) {
      const parameter = setting(group, 'binlog_format', wanted)
      plan.inPlace = { group, parameters: [parameter], needsReboot: parameter.ApplyMethod === 'pending-reboot' }
    }
  }

  const target = targetBinlogGroup(db, state.target)
  const targetValue = parameterValue(target, 'binlog_format')
  if (target && !target.isDefault && target.name !== group?.name && targetValue?.toUpperCase() !== wanted) {
    plan.targetGroup = { group: target, parameters: [setting(target, 'binlog_format', wanted)] }
  }

  for (const member of memberGroupStatuses(db).filter(pendingReboot)) {
    plan.reboot.members.push(member.instance)
    plan.reboot.reasons.push(`${member.instance} has a parameter group pending-reboot`)
  }
  if (hasCode(checks, 'LIVE_BINLOG_OFF', 'LIVE_BINLOG_FORMAT_MISMATCH')) {
    const writer = db.instances[0]?.DBInstanceIdentifier
    if (writer && !plan.reboot.members.includes(writer)) {
      plan.reboot.members.push(writer)
      plan.reboot.reasons.push(`${writer} does not run with its groups' binary log settings yet`)
    }
  }
  return plan
}

/** One line per change, for logs and the REBOOT_REQUIRED message. */
export function describeDeferred(plan: Plan): string[] {
  const lines: string[] = []
  if (plan.newGroup) {
    lines.push(`create ${groupLabel(plan.newGroup.kind)} ${plan.newGroup.name} (a copy of ${plan.newGroup.copiedFrom.name} with binlog_format=${String(plan.newGroup.parameters.at(-1)?.ParameterValue)}) and attach it`)
  }
  if (plan.inPlace?.needsReboot) {
    lines.push(`set binlog_format=${String(plan.inPlace.parameters[0]?.ParameterValue)} in ${groupLabel(plan.inPlace.group.kind)} ${plan.inPlace.group.name} (static: applies at the reboot)`)
  }
  return lines
}
