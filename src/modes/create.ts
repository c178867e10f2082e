// mode: create (seed 000 steps 4 to 4-2). Creates the Blue/Green Deployment with the target
// inputs and tags (or adopts the one that exists for the source under the same name),
// follows it to AVAILABLE logging each task's change once, reboots green members whose
// parameter group is pending-reboot, and waits until green is available and in sync.
// A failure (INVALID_CONFIGURATION, a FAILED task, a timeout) ends the run with
// StatusDetails and the recent RDS events of blue and green.
import { CreateBlueGreenDeploymentCommand, type BlueGreenDeployment } from '@aws-sdk/client-rds'
import { PollTimeoutError } from '../aws/poll.js'
import { binlogHasTransactions } from '../checks/blue/binlog-writes.js'
import { checkTargetInputs } from '../checks/blue/target-inputs.js'
import type { Database } from '../rds/database.js'
import { deploymentMembers, describeDeployment, findDeployment } from '../rds/deployment.js'
import { isAwsError } from '../rds/errors.js'
import { eventsOf, eventsSince, type RdsEvent } from '../rds/events.js'
import { greenIdentifiers, type Green } from '../rds/green.js'
import { withActionTag } from '../rds/tags.js'
import type { Report } from '../report/types.js'
import { heartbeatToken, writeBlueHeartbeat } from './blue-heartbeat.js'
import { describeCall, type ModeContext, REPORT_RESERVE_MS } from './context.js'
import { followToAvailable, progressOf } from './create/follow.js'
import { checkGreenReplication, settleGreen } from './create/green.js'
import { deploymentNameFor } from './create/name.js'
import { deploymentTable, eventsTable, greenTable } from './create/report.js'
import { adoptedFinding, resolveDeployment } from './create/resolve.js'
import type { Resolved } from './resolve.js'
import { finding } from '../findings/finding.js'
import { closeQuietly } from '../db/connector.js'
import { errorLine } from '../error-line.js'

type Ctx = ModeContext<'create'>

function createCommand(ctx: Ctx, blue: Database, name: string): CreateBlueGreenDeploymentCommand {
  const t = ctx.inputs.target
  return new CreateBlueGreenDeploymentCommand({
    BlueGreenDeploymentName: name,
    Source: blue.arn,
    ...(t.engineVersion ? { TargetEngineVersion: t.engineVersion } : {}),
    ...(t.dbParameterGroup ? { TargetDBParameterGroupName: t.dbParameterGroup } : {}),
    ...(t.dbClusterParameterGroup ? { TargetDBClusterParameterGroupName: t.dbClusterParameterGroup } : {}),
    ...(t.instanceClass ? { TargetDBInstanceClass: t.instanceClass } : {}),
    ...(t.upgradeStorageConfig ? { UpgradeTargetStorageConfig: true } : {}),
    Tags: withActionTag(ctx.inputs.tags),
  })
}

/**
 * Seed 000's 1236, prevented at the last moment: when database credentials are given and
 * blue's binary log holds no transaction yet, one heartbeat row is written before creating.
 */
async function guardBinlog(ctx: Ctx, blue: Database): Promise<void> {
  if (!ctx.db.configured) return
  let conn
  try {
    conn = await ctx.db.connect(blue.endpoint)
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'DB_CHECKS_UNREACHABLE',
        subject: `${blue.endpoint.host}:${blue.endpoint.port}`,
        message: `Could not connect to ${blue.identifier} to check its binary log before creating: ${errorLine(error)}.`,
        remedy: 'Check the credentials, db-tls/db-ca-bundle and network access; run prepare with apply: true if blue was just rebooted (it writes a heartbeat row).',
      }),
    )
    return
  }
  let empty = false
  try {
    empty = (await binlogHasTransactions(conn)) === false
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'DB_CHECK_FAILED',
        subject: blue.identifier,
        message: `Could not read blue's binary logs before creating: ${errorLine(error)}.`,
        remedy: 'Give db-user REPLICATION CLIENT and REPLICATION SLAVE (the RDS master user has them), or make sure a row was written on blue since its last restart.',
      }),
    )
  } finally {
    await closeQuietly(conn)
  }
  if (!empty) return
  await writeBlueHeartbeat(ctx, blue.endpoint, blue.identifier, heartbeatToken('create', ctx.now()))
  ctx.report.finding(
    finding({
      code: 'HEARTBEAT_WRITTEN',
      subject: `${ctx.inputs.db.heartbeatTable.schema}.${ctx.inputs.db.heartbeatTable.table}`,
      message: `Blue's binary log held no transaction, so a row ${ctx.dryRun ? 'would be' : 'was'} written to the action's heartbeat table before creating: green starts from a real binlog position (without one it fails with error 1236).`,
    }),
  )
}

/** The RDS events of the deployment, blue and green since the deployment was created. */
async function failureEvents(ctx: Ctx, blue: Database, d: BlueGreenDeployment): Promise<RdsEvent[]> {
  const databases = [{ kind: blue.kind, identifier: blue.identifier }, ...deploymentMembers(d).map((m) => m.green)]
  const ofKind = (kind: 'instance' | 'cluster') => databases.filter((x) => x.kind === kind).map((x) => x.identifier)
  try {
    const events = await eventsOf(
      ctx.rds,
      [
        { type: 'blue-green-deployment', ids: [d.BlueGreenDeploymentIdentifier ?? ''] },
        { type: 'db-instance', ids: ofKind('instance') },
        { type: 'db-cluster', ids: ofKind('cluster') },
      ],
      eventsSince(d.CreateTime, ctx.now()),
    )
    return events.slice(-30)
  } catch (error) {
    ctx.log.warning(`could not read RDS events: ${errorLine(error)}`)
    return []
  }
}

async function reportFailure(ctx: Ctx, blue: Database, d: BlueGreenDeployment, code: 'DEPLOYMENT_INVALID_CONFIGURATION' | 'DEPLOYMENT_TASK_FAILED' | 'CREATE_TIMEOUT', detail: string, limitedByJob = false): Promise<void> {
  const events = await failureEvents(ctx, blue, d)
  for (const e of events) ctx.report.event(`${e.source}: ${e.message}`, { at: e.at, source: 'rds-event' })
  const failures = events.filter((e) => e.categories.includes('failure') || /error|fail/i.test(e.message))
  const recent = (failures.length > 0 ? failures : events).slice(-3).map((e) => `${e.source}: ${e.message}`)
  const id = d.BlueGreenDeploymentIdentifier ?? ''
  ctx.report.finding(
    finding({
      code,
      subject: id,
      message: `${detail}${recent.length ? ` Recent RDS events: ${recent.join(' | ')}` : ''}`,
      remedy:
        code === 'CREATE_TIMEOUT'
          ? limitedByJob
            ? `Run create again (it adopts ${d.BlueGreenDeploymentName ?? id} and goes on waiting), with a longer job: in the reusable workflow raise create-job-timeout-minutes (and create-timeout with it); in your own workflow raise the job's timeout-minutes and time-limit.`
            : `Run create again with a larger create-timeout: it adopts ${d.BlueGreenDeploymentName ?? id} and goes on waiting.`
          : `Fix the cause named above (the RDS events table below has the details), delete the deployment with cleanup (abandon: true, deployment: ${id}), then run prepare and create again.`,
    }),
  )
  ctx.report.section('RDS events of blue and green', eventsTable(events))
  ctx.report.verdict(
    false,
    code === 'CREATE_TIMEOUT'
      ? `create: timed out waiting for ${id} (${d.Status ?? 'unknown'})`
      : `create: ${id} is ${d.Status ?? 'unknown'}${d.StatusDetails ? `: ${d.StatusDetails}` : ''}`,
  )
}

function outputs(ctx: Ctx, d: BlueGreenDeployment, green?: Green): void {
  ctx.report.output('deployment-id', d.BlueGreenDeploymentIdentifier ?? '')
  ctx.report.output('status', d.Status ?? '')
  if (green) {
    ctx.report.output('green-identifiers', greenIdentifiers(green).join(','))
    if (green.endpoint) ctx.report.output('green-endpoint', `${green.endpoint.host}:${green.endpoint.port}`)
  }
}

export async function runCreate(ctx: Ctx, found: Resolved): Promise<Report> {
  const { inputs, report, log } = ctx
  log.phase('Blue and the deployment')
  const ownDeadline = ctx.now() + inputs.createTimeoutMs
  // time-limit (the job's timeout-minutes) can end the wait before create-timeout does.
  const limitedByJob = ctx.deadline < ownDeadline
  const deadline = Math.min(ownDeadline, ctx.deadline)
  const remaining = () => Math.max(0, deadline - ctx.now())
  const { blue } = found

  const wrongInputs = checkTargetInputs(blue, inputs.target)
  if (wrongInputs.length > 0) {
    for (const f of wrongInputs) report.finding(f)
    return report.build()
  }

  const name = inputs.deployment?.by === 'name' ? inputs.deployment.name : deploymentNameFor(blue.identifier)
  const resolution = await resolveDeployment(ctx, blue, name, found.deployment)
  if (resolution.kind === 'stop') {
    for (const f of resolution.findings) report.finding(f)
    report.verdict(false, `create: ${resolution.findings.map((f) => f.code).join(', ')}: ${resolution.findings[0]?.message ?? ''}`)
    if (resolution.deployment) {
      outputs(ctx, resolution.deployment)
      report.section('Deployment', deploymentTable(resolution.deployment))
    }
    return report.build()
  }

  let deployment: BlueGreenDeployment
  if (resolution.kind === 'adopt') {
    deployment = resolution.deployment
    for (const f of resolution.findings) report.finding(f)
    log.info(`adopting ${deployment.BlueGreenDeploymentIdentifier ?? ''} (${deployment.BlueGreenDeploymentName ?? ''}): ${progressOf(deployment)}`)
  } else {
    await guardBinlog(ctx, blue)
    const command = createCommand(ctx, blue, resolution.name)
    let created: BlueGreenDeployment | undefined
    try {
      created = (await ctx.act(describeCall(command), () => ctx.rds.send(command)))?.BlueGreenDeployment
    } catch (error) {
      // A run that crashed after RDS accepted the call, or a concurrent run: adopt it.
      const raced = isAwsError(error, 'BlueGreenDeploymentAlreadyExistsFault') ? await findDeployment(ctx.rds, blue.arn) : undefined
      if (raced?.BlueGreenDeploymentName === resolution.name) {
        created = raced
        report.finding(adoptedFinding(raced))
      } else {
        const e = error as { name?: string; message?: string }
        report.verdict(false, `create: RDS refused to create ${resolution.name}: ${e.name ?? 'Error'}`)
        report.finding(
          finding({
            code: 'CREATE_REFUSED',
            subject: blue.identifier,
            message: `RDS refused CreateBlueGreenDeployment: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`,
          }),
        )
        return report.build()
      }
    }
    if (!created) {
      report.verdict(true, `create (dry run): would create Blue/Green Deployment ${resolution.name} for ${blue.identifier}`)
      report.section('Next step', 'Run create again without `dry-run` to create the deployment.')
      return report.build()
    }
    deployment = created
    report.event(`deployment ${deployment.BlueGreenDeploymentIdentifier ?? ''} (${resolution.name}) created`)
  }

  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  if (deployment.Status !== 'AVAILABLE') {
    log.phase(`Creation of ${id}: tasks until AVAILABLE`)
    let followed
    try {
      followed = await followToAvailable(ctx, deployment, remaining())
    } catch (error) {
      if (!(error instanceof PollTimeoutError)) throw error
      const last = (await describeDeployment(ctx.rds, id)) ?? deployment
      outputs(ctx, last)
      const within = limitedByJob ? `before the job's time-limit (${Math.round((inputs.timeLimitMs ?? 0) / 60_000)} min, less ${REPORT_RESERVE_MS / 60_000} min to report)` : `within create-timeout (${Math.round(inputs.createTimeoutMs / 60_000)} min)`
      await reportFailure(ctx, blue, last, 'CREATE_TIMEOUT', `Deployment ${id} was not AVAILABLE ${within}; last seen ${progressOf(last)}.`, limitedByJob)
      report.section('Deployment', deploymentTable(last))
      return report.build()
    }
    deployment = followed.deployment
    if (followed.outcome === 'failed') {
      outputs(ctx, deployment)
      const code = followed.why === 'TASK_FAILED' ? 'DEPLOYMENT_TASK_FAILED' : 'DEPLOYMENT_INVALID_CONFIGURATION'
      const failedTasks = (deployment.Tasks ?? []).filter((t) => t.Status === 'FAILED').map((t) => t.Name ?? '?')
      await reportFailure(
        ctx,
        blue,
        deployment,
        code,
        `Deployment ${id} is ${deployment.Status ?? 'unknown'}${deployment.StatusDetails ? `: ${deployment.StatusDetails}` : ''}.${failedTasks.length ? ` Failed task${failedTasks.length > 1 ? 's' : ''}: ${failedTasks.join(', ')}.` : ''}`,
      )
      report.section('Deployment', deploymentTable(deployment))
      return report.build()
    }
  }

  log.phase('Green: available and in sync')
  let green
  try {
    green = await settleGreen(ctx, deployment, remaining())
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error
    outputs(ctx, deployment)
    await reportFailure(ctx, blue, deployment, 'CREATE_TIMEOUT', `Deployment ${id} is AVAILABLE but green was not available and in sync within ${limitedByJob ? "the job's time-limit" : 'create-timeout'}; last seen: ${error.lastStatus ?? 'unknown'}.`, limitedByJob)
    report.section('Deployment', deploymentTable(deployment))
    return report.build()
  }
  for (const f of green.findings) report.finding(f)
  const replication = checkGreenReplication(green.green)
  for (const f of replication) report.finding(f)

  outputs(ctx, deployment, green.green)
  const ids = greenIdentifiers(green.green).join(', ')
  const endpoint = green.green.endpoint ? `${green.green.endpoint.host}:${green.green.endpoint.port}` : 'no endpoint yet'
  if (replication.length === 0) {
    report.verdict(true, `create${ctx.dryRun ? ' (dry run)' : ''}: ${id} is ${deployment.Status ?? ''}; green ${ids} at ${endpoint}`)
  }
  report.section('Deployment', deploymentTable(deployment))
  report.section('Green', greenTable(green.green, green.rebooted))
  report.section(
    'Next step',
    replication.length === 0
      ? 'Run this action with `mode: verify` to prove green is an in-sync, compatible replica before switching over.'
      : (replication[0]?.remedy ?? ''),
  )
  return report.build()
}
