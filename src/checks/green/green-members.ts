// Green's members as RDS describes them (src/rds/green.ts reads them), checked for being
// `available` (not storage-optimization, modifying, rebooting...) and in sync with their
// parameter groups.
import type { Green } from '../../rds/green.js'
import { finding, type Finding } from '../../findings/finding.js'

const STATUS_HINT: Record<string, string> = {
  'storage-optimization':
    'RDS is still optimizing its storage after creation (this can take hours for large volumes) and refuses the switchover until it is done.',
  creating: 'It is still being created.',
  modifying: 'A modification is being applied.',
  rebooting: 'It is rebooting.',
  'backing-up': 'A backup is being taken.',
  'upgrading': 'Its engine is being upgraded.',
}

/** Findings for green members that are missing, not available, or pending a reboot. */
export function checkGreenMembers(green: Green): Finding[] {
  const findings: Finding[] = []
  for (const id of green.missing) {
    findings.push(finding({
      code: 'GREEN_MEMBER_NOT_AVAILABLE',
      subject: id,
      message: `Green member ${id} named by the deployment does not exist (not created yet, or deleted).`,
      remedy: 'If it was deleted, delete the deployment (cleanup with abandon: true) and create it again.',
    }))
  }
  if (green.cluster && green.cluster.Status !== 'available') {
    findings.push(notAvailable(green.cluster.DBClusterIdentifier ?? green.identifier, 'Aurora DB cluster', green.cluster.Status))
  }
  for (const instance of green.instances) {
    const id = instance.DBInstanceIdentifier ?? '?'
    if (instance.DBInstanceStatus !== 'available') findings.push(notAvailable(id, 'DB instance', instance.DBInstanceStatus))
    const pendingGroups = (instance.DBParameterGroups ?? []).filter((g) => g.ParameterApplyStatus === 'pending-reboot').map((g) => g.DBParameterGroupName)
    const clusterMember = green.cluster?.DBClusterMembers?.find((m) => m.DBInstanceIdentifier === id)
    if (clusterMember?.DBClusterParameterGroupStatus === 'pending-reboot') pendingGroups.push(green.cluster?.DBClusterParameterGroup)
    if (pendingGroups.length > 0) {
      findings.push(finding({
        code: 'GREEN_PENDING_REBOOT',
        subject: id,
        message: `Parameter group ${pendingGroups.filter(Boolean).join(', ')} is pending-reboot on green member ${id}: green does not yet run with the settings it was given (a target group with static differences applies only after a reboot).`,
        remedy: `Reboot ${id} (RebootDBInstance; the create mode does this) and run verify again, so what you verify is what will serve production.`,
      }))
    }
  }
  return findings
}

function notAvailable(id: string, what: string, status: string | undefined): Finding {
  const shown = status ?? 'unknown'
  return finding({
    code: 'GREEN_MEMBER_NOT_AVAILABLE',
    subject: id,
    message: `Green ${what} ${id} is ${shown}, not available. ${STATUS_HINT[shown] ?? ''}`.trim(),
    remedy: shown === 'storage-optimization'
      ? 'Wait until the instance is available (DescribeDBInstances shows its status), then run verify again.'
      : 'Wait until it is available and run verify again; if it stays in this state, check its RDS events.',
  })
}

/**
 * What RDS says about green's read replication (StatusInfos "read replication": replicating,
 * error, stopped...), per instance whose status is not normal.
 */
export function replicationStatusInfos(green: Green): { instance: string; status: string; message: string }[] {
  const out: { instance: string; status: string; message: string }[] = []
  for (const instance of green.instances) {
    for (const info of instance.StatusInfos ?? []) {
      if (info.StatusType === 'read replication' && info.Normal === false) {
        out.push({ instance: instance.DBInstanceIdentifier ?? '?', status: info.Status ?? 'unknown', message: info.Message ?? '' })
      }
    }
  }
  return out
}
