// The step every mode starts with, run by the registry before the mode itself: find the
// source (blue) and its Blue/Green Deployment, the same way and with the same findings in
// every mode. A mode runs only when this step found what it needs, and gets it as its
// second argument.
//
// In order:
//  1. the source: an instance, an Aurora cluster, or an instance of one (its cluster), as
//     `source` names it; SOURCE_NOT_FOUND otherwise;
//  2. the deployment: the one `deployment` names (by bgd- identifier, or by name), or the
//     live one whose Source or Target is the source. One named by identifier must exist
//     (DEPLOYMENT_NOT_FOUND) and belong to the source (DEPLOYMENT_WRONG_SOURCE); modes that
//     work on a deployment need one (DEPLOYMENT_NOT_FOUND).
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { finding, type Finding } from '../findings/finding.js'
import type { Mode } from '../mode.js'
import { type Database, DatabaseNotFoundError, findDatabase } from '../rds/database.js'
import { deploymentRefName, findDeployment } from '../rds/deployment.js'
import type { ModeContext } from './context.js'

/**
 * What a mode needs of the deployment:
 *  - required: it works on the deployment (verify, switchover);
 *  - optional: it may find none (prepare, create), but one named by identifier must exist;
 *  - may-be-gone: none is a normal outcome, even one named by identifier (cleanup: a
 *    second run finds the deployment it deleted gone).
 */
export type DeploymentNeed = 'required' | 'optional' | 'may-be-gone'

export interface Resolved {
  blue: Database
  deployment?: BlueGreenDeployment
}

/** What a mode receives: with `required`, the deployment is always there. */
export type ResolvedFor<N extends DeploymentNeed> = N extends 'required' ? Resolved & { deployment: BlueGreenDeployment } : Resolved

/** The source and deployment, or undefined after reporting why the mode cannot run. */
export async function resolveSource<M extends Mode, N extends DeploymentNeed>(ctx: ModeContext<M>, need: N): Promise<ResolvedFor<N> | undefined> {
  const { inputs, report } = ctx
  const source = inputs.source.identifier
  const blue = await findDatabase(ctx.rds, source, inputs.source.kind)
  if (!blue) return stop(ctx, finding({ code: 'SOURCE_NOT_FOUND', subject: source, message: new DatabaseNotFoundError(source, inputs.source.kind).message }))
  report.source = blue.identifier

  const ref = inputs.deployment
  const deployment = await findDeployment(ctx.rds, blue.arn, ref)
  if (deployment && deployment.Source !== blue.arn && deployment.Target !== blue.arn) {
    const id = deployment.BlueGreenDeploymentIdentifier ?? ''
    return stop(
      ctx,
      finding({
        code: 'DEPLOYMENT_WRONG_SOURCE',
        subject: id,
        message: `Deployment ${id} (${deployment.BlueGreenDeploymentName ?? ''}) belongs to ${deployment.Source ?? 'another source'}, not to ${blue.identifier}.`,
        remedy: `Correct 'source' or 'deployment' (the deployment of ${blue.identifier}, or empty to find it from the source).`,
      }),
    )
  }
  if (!deployment && (need === 'required' || (need === 'optional' && ref?.by === 'id'))) {
    const named = ref ? ` ${deploymentRefName(ref)}` : ''
    return stop(
      ctx,
      finding({
        code: 'DEPLOYMENT_NOT_FOUND',
        subject: ref ? deploymentRefName(ref) : blue.identifier,
        message:
          ref?.by === 'id'
            ? `deployment is ${ref.id}, but no Blue/Green Deployment has that identifier in this account and Region.`
            : `No Blue/Green Deployment${named} belongs to ${blue.identifier}: there is no green to work on.`,
      }),
    )
  }
  return { blue, ...(deployment ? { deployment } : {}) } as ResolvedFor<N>
}

function stop<M extends Mode>(ctx: ModeContext<M>, why: Finding): undefined {
  ctx.log.info(`${why.code}: ${why.message}`)
  ctx.report.finding(why)
  ctx.report.verdict(false, `${ctx.mode}: ${why.code}: ${why.message}`)
  return undefined
}
