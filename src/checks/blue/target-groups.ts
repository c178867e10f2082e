// Green's parameter groups named by target inputs: they must exist, and the one that decides
// binlog_format should have the wanted format (seed 000 step 3: green's group needed
// binlog_format=MIXED too). A major version upgrade without a target group gives green the
// new family's default group, losing every custom setting.
import type { TargetInputs } from '../../inputs/types.js'
import type { Database } from '../../rds/database.js'
import { groupLabel, parameterValue, type GroupKind, type ParameterGroupInfo } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import type { BinlogFormat, TargetGroups } from './types.js'

/** The target group that decides green's binlog_format, when one is named and exists. */
export function targetBinlogGroup(db: Database, target: TargetGroups): ParameterGroupInfo | undefined {
  const group = db.engine === 'aurora-mysql' ? target.cluster : target.db
  return group ?? undefined
}

/** "8.0" of 8.0.36 and of 8.0.mysql_aurora.3.05.2: the part that names the parameter group family. */
export function majorVersion(version: string): string {
  return version.split('.').slice(0, 2).join('.')
}

export function checkTargetGroups(db: Database, inputs: TargetInputs, target: TargetGroups, wanted: BinlogFormat): Finding[] {
  const findings: Finding[] = []
  const named: [GroupKind, string | undefined, ParameterGroupInfo | null | undefined, string][] = [
    ['db', inputs.dbParameterGroup, target.db, 'target-db-parameter-group'],
    ['cluster', inputs.dbClusterParameterGroup, target.cluster, 'target-db-cluster-parameter-group'],
  ]
  for (const [kind, name, group, input] of named) {
    if (name && group === null) {
      findings.push(
        finding({
          code: 'TARGET_PARAMETER_GROUP_NOT_FOUND',
          subject: name,
          message: `${input} names ${groupLabel(kind)} ${name}, which does not exist in this account and Region.`,
          remedy: `Create ${name} (family of green's engine version) or correct ${input}.`,
        }),
      )
    }
  }
  const group = targetBinlogGroup(db, target)
  const value = group ? parameterValue(group, 'binlog_format') : undefined
  if (group && value?.toUpperCase() !== wanted) {
    const off = value === undefined || value.toUpperCase() === 'OFF'
    const fix = group.isDefault
      ? `${group.name} is a default group and cannot be modified: create a custom copy with binlog_format=${wanted} and name it in the target input.`
      : `Run prepare with apply: true: it sets binlog_format=${wanted} in ${group.name} (green's group; blue is not rebooted). Or: aws rds modify-db-${group.kind === 'cluster' ? 'cluster-' : ''}parameter-group --db-${group.kind === 'cluster' ? 'cluster-' : ''}parameter-group-name ${group.name} --parameters ParameterName=binlog_format,ParameterValue=${wanted},ApplyMethod=pending-reboot`
    findings.push(
      finding({
        code: db.engine === 'aurora-mysql' && off ? 'TARGET_BINLOG_OFF' : 'TARGET_BINLOG_FORMAT',
        subject: group.name,
        message: `binlog_format is ${value ?? 'unset'} in green's ${groupLabel(group.kind)} ${group.name}, not ${wanted}${off ? ': green would have no binary log after the switchover' : ''}.`,
        remedy: fix,
      }),
    )
  }
  if (inputs.engineVersion && majorVersion(inputs.engineVersion) !== majorVersion(db.engineVersion)) {
    const missing = db.engine === 'aurora-mysql' ? !inputs.dbClusterParameterGroup : !inputs.dbParameterGroup
    if (missing) {
      const input = db.engine === 'aurora-mysql' ? 'target-db-cluster-parameter-group' : 'target-db-parameter-group'
      findings.push(
        finding({
          code: 'TARGET_PARAMETER_GROUP_UNSET',
          subject: db.identifier,
          message: `target-engine-version ${inputs.engineVersion} is a new major version (${majorVersion(db.engineVersion)} -> ${majorVersion(inputs.engineVersion)}) and ${input} is empty: green gets the new family's default group, without blue's custom settings (binlog_format included).`,
          remedy: `Create a custom group of the new family with blue's settings and binlog_format=${wanted}, and set ${input} to it.`,
        }),
      )
    }
  }
  return findings
}
