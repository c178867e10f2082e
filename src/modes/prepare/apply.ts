// Carries out a Plan, in an order that never leaves blue worse off than it was:
//   1. green's target group (nothing of blue's);
//   2. backups on (when asked), waited for: RDS starts the binary log;
//   3. blue's custom group modified in place (dynamic parameters apply at once);
//   -- without allow-reboot, stop here: REBOOT_REQUIRED names what is left --
//   4. the custom copy of a default group created (or found) and attached;
//   5. every member that needs it rebooted, writer first, each waited for until available
//      and in sync;
//   6. a heartbeat row after a reboot or a newly started binlog (seed 000's 1236).
// Every change goes through ctx.act, so dry-run lists it and changes nothing.
import {
  CreateDBClusterParameterGroupCommand,
  CreateDBParameterGroupCommand,
  ModifyDBClusterCommand,
  ModifyDBClusterParameterGroupCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RebootDBInstanceCommand,
  type Parameter,
} from '@aws-sdk/client-rds'
import type { Database } from '../../rds/database.js'
import { groupFamily, groupLabel, inSync, memberGroupStatuses, pendingReboot, type GroupKind } from '../../rds/parameter-groups.js'
import { withActionTag } from '../../rds/tags.js'
import { finding, type Finding } from '../../findings/finding.js'
import { heartbeatToken, writeBlueHeartbeat } from '../blue-heartbeat.js'
import { describeCall, type ModeContext } from '../context.js'
import { settled, waitForDatabase } from '../wait.js'
import { describeDeferred, needsReboot, type GroupChange, type NewGroup, type Plan } from './plan.js'
import type { GroupCache } from './state.js'

export interface ApplyOutcome {
  /** Something was changed (or, in dry-run, would be). */
  changed: boolean
  rebooted: string[]
  /** Findings about the apply itself: REBOOT_REQUIRED, CUSTOM_GROUP_CONFLICT, HEARTBEAT_*. */
  findings: Finding[]
  db: Database
}

type Ctx = ModeContext<'prepare'>

/** RDS takes at most 20 parameters per Modify*ParameterGroup call. */
const PARAMETERS_PER_CALL = 20

async function modifyGroup(ctx: Ctx, kind: GroupKind, name: string, parameters: Parameter[]): Promise<void> {
  for (let i = 0; i < parameters.length; i += PARAMETERS_PER_CALL) {
    const chunk = parameters.slice(i, i + PARAMETERS_PER_CALL)
    const command =
      kind === 'db'
        ? new ModifyDBParameterGroupCommand({ DBParameterGroupName: name, Parameters: chunk })
        : new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: name, Parameters: chunk })
    await ctx.act(describeCall(command), () => ctx.rds.send(command as ModifyDBParameterGroupCommand))
  }
}

async function applyGroupChange(ctx: Ctx, cache: GroupCache, change: GroupChange): Promise<void> {
  await modifyGroup(ctx, change.group.kind, change.group.name, change.parameters)
  cache.forget(change.group.kind, change.group.name)
}

/** Creates the custom group (or finds the one an earlier run created) and sets its parameters. */
async function ensureNewGroup(ctx: Ctx, cache: GroupCache, group: NewGroup): Promise<Finding | undefined> {
  const family = await groupFamily(ctx.rds, group.kind, group.name)
  if (family !== undefined && family !== group.family) {
    return finding({
      code: 'CUSTOM_GROUP_CONFLICT',
      subject: group.name,
      message: `${groupLabel(group.kind)} ${group.name} exists with family ${family}, but ${group.copiedFrom.name} is ${group.family}: prepare cannot use it.`,
      remedy: `Rename or delete ${group.name}, or attach a custom ${group.family} group with binlog_format set yourself, then run prepare again.`,
    })
  }
  if (family === undefined) {
    const tags = withActionTag(ctx.inputs.tags)
    const command =
      group.kind === 'db'
        ? new CreateDBParameterGroupCommand({ DBParameterGroupName: group.name, DBParameterGroupFamily: group.family, Description: group.description, Tags: tags })
        : new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: group.name, DBParameterGroupFamily: group.family, Description: group.description, Tags: tags })
    await ctx.act(describeCall(command), () => ctx.rds.send(command as CreateDBParameterGroupCommand))
    // The timeline says what happened: in a dry run, the planned call is in the report's list of calls instead.
    if (!ctx.dryRun) ctx.report.event(`created ${groupLabel(group.kind)} ${group.name}`)
  } else {
    ctx.log.info(`${groupLabel(group.kind)} ${group.name} exists (from an earlier run): reusing it`)
  }
  await modifyGroup(ctx, group.kind, group.name, group.parameters)
  cache.forget(group.kind, group.name)
  return undefined
}

async function attachNewGroup(ctx: Ctx, db: Database, group: NewGroup): Promise<void> {
  const command =
    group.kind === 'db'
      ? db.kind === 'instance'
        ? new ModifyDBInstanceCommand({ DBInstanceIdentifier: db.identifier, DBParameterGroupName: group.name, ApplyImmediately: true })
        : undefined
      : new ModifyDBClusterCommand({ DBClusterIdentifier: db.identifier, DBClusterParameterGroupName: group.name, ApplyImmediately: true })
  if (!command) throw new Error(`attaching a DB parameter group to the members of cluster ${db.identifier} is not supported`)
  await ctx.act(describeCall(command), () => ctx.rds.send(command as ModifyDBInstanceCommand))
  if (!ctx.dryRun) ctx.report.event(`attached ${groupLabel(group.kind)} ${group.name} to ${db.identifier}`)
}

async function turnOnBackups(ctx: Ctx, db: Database, days: number): Promise<Database> {
  const command = new ModifyDBInstanceCommand({ DBInstanceIdentifier: db.identifier, BackupRetentionPeriod: days, ApplyImmediately: true })
  await ctx.act(describeCall(command), () => ctx.rds.send(command))
  if (ctx.dryRun) return db
  ctx.report.event(`backups turned on (${days} days): binary logging starts`)
  return waitForDatabase(
    ctx,
    db,
    `${db.identifier} to apply backup retention ${days}`,
    (d) => settledIgnoringGroups(d) && d.instances[0]?.BackupRetentionPeriod === days && d.instances[0]?.PendingModifiedValues?.BackupRetentionPeriod === undefined,
    ctx.inputs.waitTimeoutMs,
  )
}

function settledIgnoringGroups(db: Database): boolean {
  return db.status === 'available' && db.instances.every((i) => i.DBInstanceStatus === 'available')
}

/**
 * Reboots every member that needs it, writer first, each waited for until available and in
 * sync (so a cluster keeps a member up while another restarts).
 */
async function rebootMembers(ctx: Ctx, db: Database, also: string[], groupChanged: boolean): Promise<{ db: Database; rebooted: string[] }> {
  const statuses = memberGroupStatuses(db)
  // A group attached or a static parameter changed: every member needs the reboot, whatever
  // its status says yet (RDS shows "applying" before "pending-reboot").
  const members = statuses.filter((m) => groupChanged || pendingReboot(m) || also.includes(m.instance)).map((m) => m.instance)
  const rebooted: string[] = []
  let current = db
  for (const id of members) {
    const command = new RebootDBInstanceCommand({ DBInstanceIdentifier: id })
    await ctx.act(describeCall(command), () => ctx.rds.send(command))
    rebooted.push(id)
    if (ctx.dryRun) continue
    ctx.report.event(`reboot of ${id} started`)
    current = await waitForDatabase(
      ctx,
      db,
      `${id} to be available and in sync after its reboot`,
      (d) => {
        const m = memberGroupStatuses(d).find((s) => s.instance === id)
        const instance = d.instances.find((i) => i.DBInstanceIdentifier === id)
        return instance?.DBInstanceStatus === 'available' && m !== undefined && inSync(m)
      },
      ctx.inputs.waitTimeoutMs,
    )
    ctx.report.event(`${id} available and in sync after its reboot`)
  }
  if (!ctx.dryRun && rebooted.length > 0 && !settled(current)) {
    current = await waitForDatabase(ctx, db, `${db.identifier} to settle`, settled, ctx.inputs.waitTimeoutMs)
  }
  return { db: current, rebooted }
}

async function heartbeat(ctx: Ctx, db: Database, why: string, findings: Finding[]): Promise<void> {
  if (!ctx.db.configured) {
    findings.push(
      finding({
        code: 'HEARTBEAT_NOT_WRITTEN',
        subject: db.identifier,
        message: `${why}, but no row could be written on ${db.identifier} without database credentials: a deployment created now can fail with error 1236.`,
      }),
    )
    return
  }
  await writeBlueHeartbeat(ctx, db.endpoint, db.identifier, heartbeatToken('prepare', ctx.now()))
  findings.push(
    finding({
      code: 'HEARTBEAT_WRITTEN',
      subject: `${ctx.inputs.db.heartbeatTable.schema}.${ctx.inputs.db.heartbeatTable.table}`,
      message: `${why}: ${ctx.dryRun ? 'a row would be written' : 'a row was written'} to the action's heartbeat table on ${db.identifier}, so green starts from a real binlog position.`,
    }),
  )
  if (!ctx.dryRun) ctx.report.event('heartbeat row written on blue')
}

export async function applyPlan(ctx: Ctx, cache: GroupCache, db: Database, plan: Plan): Promise<ApplyOutcome> {
  const outcome: ApplyOutcome = { changed: false, rebooted: [], findings: [], db }
  if (plan.blocked) {
    ctx.log.info(`apply: nothing changed (${plan.blocked})`)
    return outcome
  }
  const actionsBefore = ctx.report.build().actions?.length ?? 0
  const changed = () => (ctx.report.build().actions?.length ?? 0) > actionsBefore
  let binlogStarted = false

  if (plan.targetGroup) await applyGroupChange(ctx, cache, plan.targetGroup)
  if (plan.backups !== undefined) {
    outcome.db = await turnOnBackups(ctx, outcome.db, plan.backups)
    binlogStarted = true
  }
  if (plan.inPlace && !plan.inPlace.needsReboot) await applyGroupChange(ctx, cache, plan.inPlace)

  if (needsReboot(plan) && !ctx.inputs.allowReboot) {
    const left = [...describeDeferred(plan), ...plan.reboot.reasons]
    const members = plan.reboot.members.length > 0 ? plan.reboot.members : db.instances.map((i) => i.DBInstanceIdentifier ?? '')
    const done = changed() ? 'It made only the changes that need no reboot (listed below).' : 'It changed nothing.'
    outcome.findings.push(
      finding({
        code: 'REBOOT_REQUIRED',
        subject: db.identifier,
        message: `Finishing the preparation needs a reboot of ${members.join(', ')}: ${left.join('; ')}. allow-reboot is not true, so prepare made no change that needs one. ${done}`,
        remedy: `Run prepare again with apply: true and allow-reboot: true when ${db.identifier} may restart (it refuses connections for about a minute; use a maintenance window).`,
      }),
    )
    if (binlogStarted || plan.heartbeatNow) await heartbeat(ctx, outcome.db, binlogStarted ? 'Binary logging was just turned on' : 'The binary log held no transaction', outcome.findings)
    outcome.changed = changed()
    return outcome
  }

  if (plan.inPlace?.needsReboot) await applyGroupChange(ctx, cache, plan.inPlace)
  if (plan.newGroup) {
    const conflict = await ensureNewGroup(ctx, cache, plan.newGroup)
    if (conflict) {
      outcome.findings.push(conflict)
      outcome.changed = changed()
      return outcome
    }
    await attachNewGroup(ctx, outcome.db, plan.newGroup)
    if (!ctx.dryRun) {
      outcome.db = await waitForDatabase(ctx, db, `${db.identifier} to accept the new parameter group`, settledIgnoringGroups, ctx.inputs.waitTimeoutMs)
    }
  }
  if (needsReboot(plan)) {
    const { db: after, rebooted } = await rebootMembers(ctx, outcome.db, plan.reboot.members, plan.newGroup !== undefined || plan.inPlace?.needsReboot === true)
    outcome.db = after
    outcome.rebooted = rebooted
  }
  if (outcome.rebooted.length > 0 || binlogStarted || plan.heartbeatNow) {
    const why = outcome.rebooted.length > 0 ? `${outcome.rebooted.join(', ')} ${ctx.dryRun ? 'would be' : 'was'} rebooted` : binlogStarted ? 'Binary logging was just turned on' : 'The binary log held no transaction'
    await heartbeat(ctx, outcome.db, why, outcome.findings)
  }
  outcome.changed = changed()
  return outcome
}
