// The green side of a deployment as RDS describes it, read the one way every mode reads it:
// the green instances the deployment names (for RDS for MySQL the primary and the green
// copies of blue's read replicas, in one call), and for Aurora the green cluster. Green's
// names are fixed when the deployment is created, so it can be read while the deployment
// is still provisioning: members RDS does not describe yet are listed as missing, and the
// endpoint is there once RDS reports one.
import {
  type BlueGreenDeployment,
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import type { Endpoint } from '../db/credentials.js'
import type { DatabaseKind } from './arn.js'
import { describeInstances } from './database.js'
import { deploymentMembers, greenOf } from './deployment.js'

export interface Green {
  kind: DatabaseKind
  /** The green database the deployment targets (instance or cluster identifier). */
  identifier: string
  /** The cluster's status (Aurora) or the primary instance's; `missing` when RDS does not describe it. */
  status: string
  /** Green's writer endpoint (the instance endpoint, or the cluster endpoint); undefined until RDS reports one. */
  endpoint?: Endpoint
  /** Green's instances as RDS describes them, the writer (primary) first. */
  instances: DBInstance[]
  cluster?: DBCluster
  /** Green members named by the deployment that RDS does not describe (not created yet, or deleted). */
  missing: string[]
}

export async function describeGreen(rds: RDSClient, deployment: BlueGreenDeployment): Promise<Green> {
  const target = greenOf(deployment)
  const instanceIds = deploymentMembers(deployment).filter((m) => m.green.kind === 'instance').map((m) => m.green.identifier)
  const clusterId = target?.kind === 'cluster' ? target.identifier : undefined
  const [instances, cluster] = await Promise.all([
    instanceIds.length > 0 ? describeInstances(rds, instanceIds) : [],
    clusterId ? rds.send(new DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-id', Values: [clusterId] }] })).then((o) => o.DBClusters?.[0]) : undefined,
  ])
  const identifier = target?.identifier ?? instanceIds[0] ?? ''
  const writerId = cluster ? cluster.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier : identifier
  instances.sort((a, b) => Number(b.DBInstanceIdentifier === writerId) - Number(a.DBInstanceIdentifier === writerId))
  const found = new Set(instances.map((i) => i.DBInstanceIdentifier))
  const missing = [...(clusterId && !cluster ? [clusterId] : []), ...instanceIds.filter((id) => !found.has(id))]
  const primary = instances.find((i) => i.DBInstanceIdentifier === identifier) ?? instances[0]
  const endpoint = clusterId ? endpointOf(cluster?.Endpoint, cluster?.Port) : endpointOf(primary?.Endpoint?.Address, primary?.Endpoint?.Port)
  return {
    kind: clusterId ? 'cluster' : 'instance',
    identifier,
    status: (clusterId ? cluster?.Status : primary?.DBInstanceStatus) ?? 'missing',
    ...(endpoint ? { endpoint } : {}),
    instances,
    ...(cluster ? { cluster } : {}),
    missing,
  }
}

/** The identifiers the green-identifiers output lists: the green cluster (Aurora) or the green instances. */
export function greenIdentifiers(green: Green): string[] {
  return green.kind === 'cluster' ? [green.identifier] : green.instances.map((i) => i.DBInstanceIdentifier ?? '').filter(Boolean)
}

function endpointOf(host: string | undefined, port: number | undefined): Endpoint | undefined {
  return host && port ? { host, port } : undefined
}
