// switchover (seed 000 step 6, with its probing test done properly): re-check the gate,
// switch over while probing the endpoint clients use, measure the interruption and prove
// no acknowledged write was lost, confirm the new primary and the read-only old blue; on a
// failure or timeout confirm blue still serves. Idempotent: after SWITCHOVER_COMPLETED a
// run reports the state and changes nothing; during SWITCHOVER_IN_PROGRESS it follows it.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { closeQuietly, type Connection } from '../db/connector.js'
import type { Database } from '../rds/database.js'
import { round } from '../probe/stats.js'
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import type { Resolved } from './resolve.js'
import { type Before, checkOldBlue, confirmBlueServes, confirmNewPrimary, greenBefore } from './switchover/after.js'
import { watchSwitchover } from './switchover/deployment-watch.js'
import { identityKey, readServerIdentity } from './switchover/identity.js'
import { performSwitchover, WAIT_GRACE_MS } from './switchover/measured.js'
import { runToken } from './switchover/probe-run.js'
import { finding } from '../findings/finding.js'
import { errorLine } from '../error-line.js'

type Ctx = ModeContext<'switchover'>

export async function runSwitchover(ctx: Ctx, found: Resolved & { deployment: BlueGreenDeployment }): Promise<Report> {
  const { report } = ctx
  const { blue, deployment } = found
  ctx.log.phase('Deployment and gate')
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const status = deployment.Status ?? 'unknown'
  report.output('deployment-id', id)
  report.output('status', status)
  report.event(`Deployment ${id} is ${status}`)

  switch (status) {
    case 'SWITCHOVER_COMPLETED':
      await reportCompleted(ctx, deployment, blue)
      break
    case 'SWITCHOVER_IN_PROGRESS':
      await follow(ctx, deployment, blue)
      break
    case 'AVAILABLE':
    case 'SWITCHOVER_FAILED':
      await performSwitchover(ctx, deployment, blue)
      break
    default:
      report.finding(
        finding({
          code: 'DEPLOYMENT_NOT_SWITCHABLE',
          subject: id,
          message: `Deployment ${id} is ${status}${deployment.StatusDetails ? ` (${deployment.StatusDetails})` : ''}: there is nothing to switch over.`,
          remedy: status === 'PROVISIONING' ? 'Wait until it is AVAILABLE (mode: create waits for it), run verify, then switch over.' : 'Delete it (cleanup with abandon: true) and create a new one.',
        }),
      )
  }
  return report.build()
}

/** Already switched over: say so and show the state now, without writing anything. */
async function reportCompleted(ctx: Ctx, deployment: BlueGreenDeployment, primary: Database): Promise<void> {
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  let state: string
  let conn: Connection | undefined
  try {
    conn = await ctx.db.connect(primary.endpoint)
    const identity = await readServerIdentity(conn)
    state = ` ${primary.identifier} answers at ${primary.endpoint.host}:${primary.endpoint.port} as ${identityKey(identity)} with read_only ${identity.readOnly ? 'ON' : 'off'}.`
  } catch (error) {
    state = ` ${primary.identifier} could not be reached to read its state: ${errorLine(error)}.`
  } finally {
    await closeQuietly(conn)
  }
  const old = deployment.Source?.split(':').pop()
  ctx.report.finding(
    finding({
      code: 'SWITCHOVER_ALREADY_COMPLETED',
      subject: id,
      message: `Deployment ${id} has already switched over (SWITCHOVER_COMPLETED): ${primary.identifier} is the former green and the old blue is ${old ?? 'unknown'}; nothing was changed.${state}`,
    }),
  )
  await checkOldBlue(ctx, deployment, { blue: primary })
  const errors = ctx.report.count('error')
  ctx.report.verdict(errors === 0, `switchover: already completed (deployment ${id}); nothing to do`)
}

/** A switchover started elsewhere: follow it to its end and check the result, without measuring. */
async function follow(ctx: Ctx, deployment: BlueGreenDeployment, blue: Database): Promise<void> {
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const started = ctx.now()
  ctx.report.finding(
    finding({
      code: 'SWITCHOVER_FOLLOWED',
      subject: id,
      message: `Deployment ${id} was already switching over when this run started: the run follows it to its end and checks the result, but its interruption was not measured.`,
    }),
  )
  const green = await greenBefore(ctx, deployment)
  // Undefined when already renamed mid-switchover: the resource id check is then skipped.
  const before: Before = { blue, ...(green ? { green } : {}) }
  const result = await watchSwitchover({
    rds: ctx.rds,
    id,
    deadline: Math.min(started + ctx.inputs.switchoverTimeoutSeconds * 1000 + WAIT_GRACE_MS, ctx.deadline),
    now: ctx.now,
    sleep: ctx.sleep,
    onChange: (change) => {
      ctx.log.info(`RDS status at ${new Date(change.at).toISOString().slice(11, 23)} UTC: ${change.status}`)
      ctx.report.event(`RDS status ${change.status} (seen by polling)`, { at: change.at })
    },
    progress: ctx.progress(`the switchover of ${id} to end`, ctx.inputs.switchoverTimeoutSeconds * 1000 + WAIT_GRACE_MS),
  })
  ctx.report.output('status', result.status)
  const marker = runToken(id, ctx.now())
  if (result.status === 'SWITCHOVER_COMPLETED') {
    await confirmNewPrimary(ctx, before, `${marker}-after`)
    if (result.deployment) await checkOldBlue(ctx, result.deployment, before)
    const errors = ctx.report.count('error')
    ctx.report.verdict(errors === 0, `switchover completed (followed for ${round((result.noticedAt - started) / 1000, 1)} s; interruption not measured)`)
  } else if (result.timedOut) {
    ctx.report.finding(
      finding({
        code: 'SWITCHOVER_STILL_IN_PROGRESS',
        subject: id,
        message: `RDS still reported SWITCHOVER_IN_PROGRESS after ${round((result.noticedAt - started) / 1000)} s of following it.`,
      }),
    )
  } else {
    ctx.report.finding(
      finding({
        code: 'SWITCHOVER_FAILED',
        subject: id,
        message: `The switchover ended ${result.status}${result.deployment?.StatusDetails ? `: ${result.deployment.StatusDetails.replace(/\.\s*$/, '')}` : ''}. RDS rolled it back; blue keeps serving.`,
      }),
    )
    await confirmBlueServes(ctx, before, `${marker}-after`)
  }
}
