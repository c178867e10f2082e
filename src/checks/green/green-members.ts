// Green's members as RDS describes them: every green instance (and, for Aurora, the green
// cluster) read in one DescribeDBInstances call by filter (plus one DescribeDBClusters),
// checked for being `available` (not storage-optimization, modifying, rebooting...) and
// in sync with their parameter groups. Also where to connect to green: the instance
// endpoint, or the Aurora cluster (writer) endpoint.
import {
  type BlueGreenDeployment,
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import type { Endpoint } from '../../db/connector.js'
import { deploymentMembers, greenOf } from '../../rds/index.js'
import { finding, type Finding } from '../../findings/finding.js'

export interface GreenTopology {
  kind: 'instance' | 'cluster'
  /** The green database the deployment targets (instance or cluster identifier). */
  identifier: string
  /** Green's writer: the instance endpoint, or the cluster endpoint; undefined until RDS reports one. */
  endpoint?: Endpoint
  /** Green's instances as RDS describes them (writer first for Aurora). */
  instances: DBInstance[]
  cluster?: DBCluster
  /** Green members named by the deployment that RDS does not describe (not created yet, or deleted). */
  missing: string[]
}

/** Reads green's instances (and cluster) named by the deployment's SwitchoverDetails and Target. */
export async function readGreenTopology(rds: RDSClient, deployment: BlueGreenDeployment): Promise<GreenTopology> {
  const target = greenOf(deployment)
  const members = deploymentMembers(deployment)
  const instanceIds = members.filter((m) => m.green.kind === 'instance').map((m) => m.green.identifier)
  const clusterId = target?.kind === 'cluster' ? target.identifier : undefined
  const instances = instanceIds.length > 0 ? await describeInstances(rds, instanceIds) : []
  let cluster: DBCluster | undefined
  if (clusterId) {
    const out = await rds.send(new DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-id', Values: [clusterId] }] }))
    cluster = out.DBClusters?.[0]
  }
  const found = new Set(instances.map((i) => i.DBInstanceIdentifier))
  const missing = instanceIds.filter((id) => !found.has(id))
  if (clusterId && !cluster) missing.unshift(clusterId)
  const writerId = cluster?.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier
  instances.sort((a, b) => Number(b.DBInstanceIdentifier === writerId) - Number(a.DBInstanceIdentifier === writerId))
  const topology: GreenTopology = {
    kind: clusterId ? 'cluster' : 'instance',
    identifier: target?.identifier ?? instanceIds[0] ?? '',
    instances,
    missing,
  }
  if (cluster) topology.cluster = cluster
  const endpoint = clusterId
    ? cluster?.Endpoint && cluster.Port
      ? { host: cluster.Endpoint, port: cluster.Port }
      : undefined
    : endpointOf(instances.find((i) => i.DBInstanceIdentifier === topology.identifier) ?? instances[0])
  if (endpoint) topology.endpoint = endpoint
  return topology
}

async function describeInstances(rds: RDSClient, ids: string[]): Promise<DBInstance[]> {
  const found: DBInstance[] = []
  let marker: string | undefined
  do {
    const out = await rds.send(
      new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ids }], ...(marker ? { Marker: marker } : {}) }),
    )
    found.push(...(out.DBInstances ?? []))
    marker = out.Marker
  } while (marker)
  return found
}

function endpointOf(instance: DBInstance | undefined): Endpoint | undefined {
  const address = instance?.Endpoint?.Address
  const port = instance?.Endpoint?.Port
  return address && port ? { host: address, port } : undefined
}

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
export function checkGreenMembers(green: GreenTopology): Finding[] {
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
export function replicationStatusInfos(green: GreenTopology): { instance: string; status: string; message: string }[] {
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
