// cleanup (seed 000 step 7): after SWITCHOVER_COMPLETED, delete the old blue when asked
// (delete-old, with a final snapshot unless final-snapshot: false), then the deployment
// without DeleteTarget; before a switchover, only with abandon: true, delete the deployment
// with its green databases; drop the heartbeat table when asked. Running it again finds
// nothing to do and says so.
//
// The old blue goes before the deployment: while the deployment exists it names the old
// blue (its Source) and keeps it read-only, so a run stopped half-way (deletion protection,
// a timeout) resumes from the same facts; deleting the deployment first would leave an
// unlinked, writable `-old1`.
import { parseRdsArn } from '../rds/arn.js'
import { type Database, findDatabase } from '../rds/database.js'
import { deploymentRefName } from '../rds/deployment.js'
import type { Report } from '../report/types.js'
import { abandonDeployment, deleteDeployment } from './cleanup/deployment.js'
import { dropHeartbeatTable } from './cleanup/heartbeat.js'
import { deleteOldBlue } from './cleanup/old-blue.js'
import type { ModeContext } from './context.js'
import type { Resolved } from './resolve.js'
import { finding } from '../findings/finding.js'

const NOT_SWITCHED = new Set(['PROVISIONING', 'AVAILABLE', 'SWITCHOVER_FAILED', 'INVALID_CONFIGURATION'])

export async function runCleanup(ctx: ModeContext<'cleanup'>, found: Resolved): Promise<Report> {
  const { inputs, report } = ctx
  ctx.log.phase('Deployment, green and old blue')
  const { blue, deployment } = found
  const source = blue.identifier
  const done: string[] = []

  if (!deployment) {
    report.output('status', 'NOT_FOUND')
    const named = inputs.deployment ? ` named ${deploymentRefName(inputs.deployment)}` : ''
    report.finding(finding({
      code: 'CLEANUP_NOTHING_TO_DO',
      subject: source,
      message: `No Blue/Green Deployment${named} belongs to ${source}: there is nothing to delete${inputs.abandon ? ' or abandon' : ''}.`,
    }))
    if (inputs.deleteOld) await reportUnlinkedOldBlue(ctx, blue)
    if (inputs.dropHeartbeatTable && (await dropHeartbeatTable(ctx, blue))) done.push(`dropped the heartbeat table on ${blue.identifier}`)
    return finish(ctx, done)
  }

  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const status = deployment.Status ?? 'unknown'
  report.output('deployment-id', id)
  report.output('status', status)
  report.event(`Deployment ${id} is ${status}`)

  if (status === 'SWITCHOVER_IN_PROGRESS') {
    report.finding(
      finding({
        code: 'SWITCHOVER_IN_PROGRESS',
        subject: id,
        message: `Deployment ${id} is switching over right now: nothing can be deleted until it completes or fails.`,
      }),
    )
    return finish(ctx, done)
  }

  if (NOT_SWITCHED.has(status)) {
    if (!inputs.abandon) {
      report.finding(
        finding({
          code: 'DEPLOYMENT_NOT_SWITCHED_OVER',
          subject: id,
          message: `Deployment ${id} is ${status}: it has not switched over, so blue (${blue.identifier}) is still production and green has not served anyone. Cleanup changed nothing.`,
        }),
      )
      return finish(ctx, done)
    }
    const outcome = await abandonDeployment(ctx, deployment, blue)
    if (outcome === 'deleted') {
      report.output('status', 'DELETED')
      done.push(`abandoned deployment ${id}: green deleted, blue ${blue.identifier} untouched`)
    }
    if (outcome === 'blocked') return finish(ctx, done)
    if (inputs.dropHeartbeatTable && (await dropHeartbeatTable(ctx, blue))) done.push(`dropped the heartbeat table on ${blue.identifier}`)
    return finish(ctx, done)
  }

  // SWITCHOVER_COMPLETED, or DELETING (a deletion already under way).
  if (inputs.abandon && status === 'SWITCHOVER_COMPLETED') {
    report.finding(
      finding({
        code: 'ABANDON_AFTER_SWITCHOVER',
        subject: id,
        message: `Deployment ${id} has switched over: the former green now serves as ${blue.identifier}, so there is no green to abandon. Cleanup changed nothing.`,
      }),
    )
    return finish(ctx, done)
  }
  const old = parseRdsArn(deployment.Source ?? '')
  if (inputs.deleteOld && old) {
    const outcome = await deleteOldBlue(ctx, old)
    if (outcome === 'blocked') return finish(ctx, done)
    if (outcome === 'deleted') done.push(`deleted old blue ${old.identifier}`)
  }
  const outcome = await deleteDeployment(ctx, deployment, false)
  if (outcome === 'blocked') return finish(ctx, done)
  if (outcome === 'deleted') {
    report.output('status', 'DELETED')
    report.finding(
      status === 'DELETING'
        ? finding({ code: 'DEPLOYMENT_DELETION_PENDING', subject: id, message: `Deployment ${id} was already being deleted; it is gone now.` })
        : finding({
          code: 'DEPLOYMENT_DELETED',
          subject: id,
          message: `Deleted Blue/Green Deployment ${id} (${deployment.BlueGreenDeploymentName ?? ''}) without DeleteTarget: ${blue.identifier} (the former green) keeps serving.`,
        }),
    )
    done.push(`deleted deployment ${id}`)
    if (!inputs.deleteOld && old) keptOldBlue(ctx, old.identifier)
  }
  if (inputs.dropHeartbeatTable && (await dropHeartbeatTable(ctx, blue))) done.push(`dropped the heartbeat table on ${blue.identifier}`)
  return finish(ctx, done)
}

function keptOldBlue(ctx: ModeContext<'cleanup'>, identifier: string): void {
  ctx.report.finding(
    finding({
      code: 'OLD_BLUE_KEPT',
      subject: identifier,
      message: `The old blue ${identifier} was kept (delete-old: false). With the deployment gone, RDS no longer holds it read-only: if its parameter group has read_only=0 it accepts writes again, which no application should send it.`,
    }),
  )
}

/** Without a deployment nothing ties an `-oldN` database to this source: name any, delete none. */
async function reportUnlinkedOldBlue(ctx: ModeContext<'cleanup'>, blue: Database): Promise<void> {
  for (let n = 1; n <= 3; n++) {
    const name = `${blue.identifier}-old${n}`
    const found = await findDatabase(ctx.rds, name, blue.kind)
    if (!found) continue
    const what = found.kind === 'cluster' ? 'delete-db-cluster --db-cluster-identifier' : 'delete-db-instance --db-instance-identifier'
    ctx.report.finding(
      finding({
        code: 'OLD_BLUE_UNLINKED',
        subject: name,
        message: `${name} exists but no Blue/Green Deployment links it to ${blue.identifier} any more, so delete-old did not delete it (the action deletes only the old blue its deployment names).`,
        remedy: `If it is the old blue you meant, delete it yourself: \`aws rds ${what} ${name} --final-db-snapshot-identifier ${name}-final --region ${ctx.aws.config.region}\`.`,
      }),
    )
  }
}

function finish(ctx: ModeContext<'cleanup'>, done: string[]): Report {
  const errors = ctx.report.count('error')
  if (errors === 0) {
    if (ctx.dryRun) {
      const planned = ctx.report.build().actions?.length ?? 0
      ctx.report.verdict(true, planned ? `cleanup (dry run): ${planned} change${planned === 1 ? '' : 's'} listed, none made` : 'cleanup (dry run): nothing to do')
    } else {
      ctx.report.verdict(true, done.length ? `cleanup: ${done.join('; ')}` : 'cleanup: nothing to do')
    }
  }
  return ctx.report.build()
}
