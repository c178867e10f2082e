// Which deployment create works on. RDS allows one deployment per source, so an existing
// one for the source is adopted when it carries the name create would give (a second run,
// or a run after a timeout, follows it instead of failing), and is an error naming it when
// it carries another name. A deployment named by identifier must belong to the source.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { Database } from '../../rds/database.js'
import { describeDeployment, findDeployment } from '../../rds/deployment.js'
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

export async function resolveDeployment(ctx: ModeContext<'create'>, blue: Database, name: string): Promise<Resolution> {
  const ref = ctx.inputs.deployment
  if (ref?.by === 'id') {
    const d = await describeDeployment(ctx.rds, ref.id)
    if (!d) {
      return {
        kind: 'stop',
        findings: [
          finding({
            code: 'DEPLOYMENT_NOT_FOUND',
            subject: ref.id,
            message: `deployment is ${ref.id}, but no Blue/Green Deployment has that identifier in this account and Region.`,
            remedy: `Leave deployment empty (create names the new deployment ${name}) or give a name, not an identifier, for a new one.`,
          }),
        ],
      }
    }
    if (d.Source !== blue.arn && d.Target !== blue.arn) {
      return {
        kind: 'stop',
        deployment: d,
        findings: [
          finding({
            code: 'DEPLOYMENT_WRONG_SOURCE',
            subject: ref.id,
            message: `Deployment ${label(d)} belongs to ${d.Source ?? 'another source'}, not to ${blue.identifier}.`,
            remedy: `Correct source or deployment (the deployment of ${blue.identifier}, or empty to create one).`,
          }),
        ],
      }
    }
    return adoptable(blue, d)
  }
  const existing = await findDeployment(ctx.rds, blue.arn)
  if (!existing) return { kind: 'create', name }
  if (existing.BlueGreenDeploymentName !== name) {
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
