// Which deployment create works on. RDS allows one deployment per source, so an existing
// one for the source is adopted when it carries the name create would give (a second run,
// or a run after a timeout, follows it instead of failing), and is an error naming it when
// it carries another name.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { Database } from '../../rds/database.js'
import { findDeployment } from '../../rds/deployment.js'
import { finding, type Finding } from '../../findings/finding.js'
import type { ModeContext } from '../context.js'

export type Resolution =
  | { kind: 'create'; name: string }
  | { kind: 'adopt'; deployment: BlueGreenDeployment; findings: Finding[] }
  | { kind: 'stop'; findings: Finding[]; deployment?: BlueGreenDeployment }

function label(d: BlueGreenDeployment): string {
  return `${d.BlueGreenDeploymentIdentifier ?? ''} (${d.BlueGreenDeploymentName ?? ''}, ${d.Status ?? 'unknown'})`
}

/** Whether an existing deployment can be followed by create, and what to say about it. */
function adoptable(blue: Database, d: BlueGreenDeployment): Resolution {
  const id = d.BlueGreenDeploymentIdentifier ?? ''
  switch (d.Status) {
    case 'SWITCHOVER_COMPLETED':
      return {
        kind: 'stop',
        deployment: d,
        findings: [
          finding({
            code: 'DEPLOYMENT_ALREADY_SWITCHED_OVER',
            subject: id,
            message: `Deployment ${label(d)} for ${blue.identifier} has been switched over already.`,
            remedy: `Run cleanup (deployment: ${id}) to delete it; then a new deployment can be created for ${blue.identifier}.`,
          }),
        ],
      }
    case 'SWITCHOVER_IN_PROGRESS':
    case 'DELETING':
      return {
        kind: 'stop',
        deployment: d,
        findings: [
          finding({
            code: 'DEPLOYMENT_BUSY',
            subject: id,
            message: `Deployment ${label(d)} for ${blue.identifier} is ${d.Status === 'DELETING' ? 'being deleted' : 'switching over'}.`,
          }),
        ],
      }
    case 'SWITCHOVER_FAILED':
      return {
        kind: 'adopt',
        deployment: d,
        findings: [
          finding({
            code: 'DEPLOYMENT_SWITCHOVER_FAILED',
            subject: id,
            message: `Deployment ${label(d)} had a switchover that failed and was rolled back; blue kept serving and green still replicates.`,
          }),
        ],
      }
    default:
      return { kind: 'adopt', deployment: d, findings: [adoptedFinding(d)] }
  }
}

export function adoptedFinding(d: BlueGreenDeployment): Finding {
  return finding({
    code: 'DEPLOYMENT_ADOPTED',
    subject: d.BlueGreenDeploymentIdentifier ?? '',
    message: `Deployment ${label(d)} already existed for this source: create followed it instead of creating another.`,
  })
}

/**
 * `found`: the deployment the shared resolve step found for the source (the one named by
 * `deployment`, when given). Without one, a deployment of the source under another name
 * is a conflict (RDS allows one per source); otherwise create makes `name`.
 */
export async function resolveDeployment(ctx: ModeContext<'create'>, blue: Database, name: string, found: BlueGreenDeployment | undefined): Promise<Resolution> {
  const ref = ctx.inputs.deployment
  const existing = found ?? (ref?.by === 'name' ? await findDeployment(ctx.rds, blue.arn) : undefined)
  if (!existing) return { kind: 'create', name }
  if (ref?.by !== 'id' && existing.BlueGreenDeploymentName !== name) {
    return {
      kind: 'stop',
      deployment: existing,
      findings: [
        finding({
          code: 'DEPLOYMENT_NAME_CONFLICT',
          subject: existing.BlueGreenDeploymentIdentifier ?? '',
          message: `${blue.identifier} already has deployment ${label(existing)}; RDS allows one per source, and create was asked for ${name}.`,
          remedy: `Set deployment: ${existing.BlueGreenDeploymentName ?? existing.BlueGreenDeploymentIdentifier ?? ''} to follow the existing one, or delete it with cleanup (abandon: true) and run create again.`,
        }),
      ],
    }
  }
  return adoptable(blue, existing)
}
