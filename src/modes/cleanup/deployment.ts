// Deleting the Blue/Green Deployment itself: after a switchover without DeleteTarget (RDS
// refuses it then, and the green side is production), before one with DeleteTarget=true
// (abandon: green's databases go, blue is never touched).
import { type BlueGreenDeployment, DeleteBlueGreenDeploymentCommand } from '@aws-sdk/client-rds'
import { type Database, findDatabase } from '../../rds/database.js'
import { describeDeployment, greenOf } from '../../rds/deployment.js'
import { type ModeContext, describeCall } from '../context.js'
import { protectedResources } from './old-blue.js'
import { waitUntilGone } from './wait.js'
import { finding } from '../../findings/finding.js'

export type DeletionOutcome = 'deleted' | 'planned' | 'blocked'

/** Sends DeleteBlueGreenDeployment (unless it is already DELETING) and waits until RDS no longer knows the deployment. */
export async function deleteDeployment(ctx: ModeContext<'cleanup'>, deployment: BlueGreenDeployment, deleteTarget: boolean): Promise<DeletionOutcome> {
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  if (deployment.Status !== 'DELETING') {
    // DeleteTarget is always sent explicitly, so the call in the log says what it did.
    const command = new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: deleteTarget })
    if ((await ctx.act(describeCall(command), () => ctx.rds.send(command))) === undefined) return 'planned'
  }
  const gone = await waitUntilGone(ctx, `deployment ${id} to be deleted`, id, async () => {
    const now = await describeDeployment(ctx.rds, id)
    return now === undefined ? true : (now.Status ?? 'unknown')
  })
  return gone ? 'deleted' : 'blocked'
}

/** abandon: true before a switchover: deletes the deployment with green; checks green is gone and blue is still there. */
export async function abandonDeployment(ctx: ModeContext<'cleanup'>, deployment: BlueGreenDeployment, blue: Database): Promise<DeletionOutcome> {
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const green = greenOf(deployment)
  if (green && green.identifier === blue.identifier) {
    throw new Error(`Refusing to abandon ${id}: its target ${green.identifier} is the source itself`)
  }
  const greenDb = green ? await findDatabase(ctx.rds, green.identifier, green.kind) : undefined
  if (greenDb && deployment.Status !== 'DELETING') {
    // RDS refuses DeleteTarget for green databases with deletion protection: say so before calling.
    const blocked = protectedResources(greenDb, ctx.aws.config.region, 'Green')
    if (blocked.length > 0) {
      for (const f of blocked) ctx.report.finding(f)
      return 'blocked'
    }
  }
  const outcome = await deleteDeployment(ctx, deployment, true)
  if (outcome !== 'deleted') return outcome
  const greenNames = greenDb ? [greenDb.identifier, ...(greenDb.kind === 'cluster' ? greenDb.instances.map((i) => i.DBInstanceIdentifier ?? '') : [])] : []
  if (green) {
    const gone = await waitUntilGone(ctx, `green ${green.identifier} to be deleted`, green.identifier, async () => {
      const now = await findDatabase(ctx.rds, green.identifier, green.kind)
      return now === undefined ? true : now.status
    })
    if (!gone) return 'blocked'
  }
  ctx.report.finding(
    finding({
      code: 'DEPLOYMENT_ABANDONED',
      subject: id,
      message: `Deleted Blue/Green Deployment ${id} (${deployment.BlueGreenDeploymentName ?? ''}) before a switchover, with DeleteTarget=true.`,
    }),
  )
  ctx.report.finding(finding({
    code: 'GREEN_DELETED',
    subject: green?.identifier ?? id,
    message: greenNames.length ? `Green is gone: ${greenNames.join(', ')} no longer exist.` : 'Green no longer exists.',
  }))
  const after = await findDatabase(ctx.rds, blue.identifier, blue.kind)
  if (after) {
    ctx.report.finding(finding({
      code: 'BLUE_UNTOUCHED',
      subject: blue.identifier,
      message: `Blue ${blue.identifier} is still there (status ${after.status}), serving at ${after.endpoint.host}:${after.endpoint.port} as before.`,
    }))
  } else {
    // Deleting a deployment never touches blue; if blue is gone something else removed it.
    throw new Error(`Blue ${blue.identifier} cannot be found after abandoning ${id}`)
  }
  return 'deleted'
}
