// The deployment as RDS describes it: ready only when its Status is AVAILABLE and every
// blue/green member pair (SwitchoverDetails) is AVAILABLE. Otherwise the finding says what
// is still pending (the Tasks not COMPLETED) or why it is stuck (StatusDetails).
// One exception: after SWITCHOVER_FAILED, RDS has rolled everything back and blue kept
// serving, so a retry is possible. That is a warning carrying StatusDetails, and the other
// checks (replication, lag, members) decide readiness: otherwise the only way to retry
// would be `force`, which also overrides those checks.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { finding, type Finding } from '../../findings/finding.js'

/** `bgd-abc (orders-bg)`: how findings name a deployment. */
export function deploymentSubject(d: BlueGreenDeployment): string {
  const id = d.BlueGreenDeploymentIdentifier ?? 'deployment'
  return d.BlueGreenDeploymentName ? `${id} (${d.BlueGreenDeploymentName})` : id
}

/** `CONFIGURE_BACKUPS (IN_PROGRESS), CREATING_TOPOLOGY_OF_SOURCE (PENDING)` */
export function pendingTasks(d: BlueGreenDeployment): string[] {
  return (d.Tasks ?? []).filter((t) => t.Status !== 'COMPLETED').map((t) => `${t.Name ?? '?'} (${t.Status ?? '?'})`)
}

const REMEDY: Record<string, string> = {
  PROVISIONING: 'Wait until the deployment is AVAILABLE (the create mode waits for it) and run verify again.',
  INVALID_CONFIGURATION:
    'Fix the cause named in StatusDetails, then delete the deployment (cleanup with abandon: true) and create it again.',
  SWITCHOVER_IN_PROGRESS: 'Wait for the switchover to finish; verify applies before a switchover.',
  SWITCHOVER_COMPLETED: 'Green is already production: nothing left to verify. Run cleanup to delete the deployment (and, when done, the old blue).',
  DELETING: 'The deployment is being deleted; create a new one to switch over.',
}

export function checkDeploymentState(d: BlueGreenDeployment): Finding[] {
  const subject = deploymentSubject(d)
  const status = d.Status ?? 'unknown'
  if (status === 'SWITCHOVER_FAILED') {
    const details = d.StatusDetails ? ` StatusDetails: ${d.StatusDetails}` : ''
    return [
      finding({
        code: 'PREVIOUS_SWITCHOVER_FAILED',
        subject,
        message: `A previous switchover failed and RDS rolled it back; blue kept serving.${details}`,
      }),
    ]
  }
  if (status !== 'AVAILABLE') {
    const pending = pendingTasks(d)
    const details = d.StatusDetails ? ` StatusDetails: ${d.StatusDetails}.` : ''
    const tasks =
      status === 'PROVISIONING'
        ? pending.length > 0
          ? ` Still pending: ${pending.join(', ')}.`
          : ' Its tasks are complete; RDS has not marked it AVAILABLE yet.'
        : ''
    return [
      finding({
        code: 'DEPLOYMENT_NOT_AVAILABLE',
        subject,
        message: `The deployment is ${status}, not AVAILABLE, so green cannot be switched over yet.${tasks}${details}`,
        remedy: REMEDY[status] ?? 'Wait until the deployment is AVAILABLE and run verify again.',
      }),
    ]
  }
  const findings: Finding[] = []
  for (const detail of d.SwitchoverDetails ?? []) {
    if (detail.Status === 'AVAILABLE') continue
    const pair = `${lastPart(detail.SourceMember)} -> ${lastPart(detail.TargetMember)}`
    findings.push(finding({
      code: 'SWITCHOVER_DETAIL_NOT_AVAILABLE',
      subject: pair,
      message: `The member pair ${pair} is ${detail.Status ?? 'unknown'}, not AVAILABLE: RDS switches over only when every pair is available.${
        detail.Status === 'MISSING_SOURCE' || detail.Status === 'MISSING_TARGET'
          ? ' A member was deleted or left its cluster after the deployment was created.'
          : ''
      }`,
      remedy:
        detail.Status === 'MISSING_SOURCE' || detail.Status === 'MISSING_TARGET'
          ? 'Delete the deployment (cleanup with abandon: true) and create it again so every member has its pair.'
          : 'Wait until the pair is AVAILABLE and run verify again.',
    }))
  }
  return findings
}

function lastPart(arn: string | undefined): string {
  return arn?.split(':').pop() ?? '?'
}
