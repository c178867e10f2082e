// A blue or green database as the modes need it: an RDS for MySQL instance, or an Aurora
// MySQL cluster with its instances, read in as few calls as RDS allows (one for an
// instance; two for a cluster: the cluster, then its instances by filter).
import {
  type DBCluster,
  type DBInstance,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import type { Endpoint } from '../db/connector.js'
import type { DatabaseKind } from './arn.js'
import { isAwsError } from './errors.js'

export interface Database {
  kind: DatabaseKind
  identifier: string
  arn: string
  engine: string
  engineVersion: string
  status: string
  /** The endpoint applications use: the instance endpoint, or the Aurora cluster (writer) endpoint. */
  endpoint: Endpoint
  /** Aurora only: the reader endpoint. */
  readerEndpoint?: Endpoint
  masterUsername?: string
  /** RDS for MySQL: the instance itself. Aurora: the cluster's instances, writer first. */
  instances: DBInstance[]
  /** Aurora only: the cluster as DescribeDBClusters returned it. */
  cluster?: DBCluster
}

export class DatabaseNotFoundError extends Error {
  constructor(identifier: string, kind?: DatabaseKind) {
    const what = kind === 'instance' ? 'DB instance' : kind === 'cluster' ? 'Aurora DB cluster' : 'DB instance or Aurora DB cluster'
    super(`No ${what} named "${identifier}" in this account and Region (check 'source' and 'aws-region')`)
    this.name = 'DatabaseNotFoundError'
  }
}

function endpointOf(address: string | undefined, port: number | undefined, what: string): Endpoint {
  if (!address || !port) throw new Error(`${what} has no endpoint yet (is it still being created?)`)
  return { host: address, port }
}

/** The database named `identifier`; `kind` when known (from an ARN), otherwise an instance is tried first, then a cluster. */
export async function describeDatabase(rds: RDSClient, identifier: string, kind?: DatabaseKind): Promise<Database> {
  if (kind !== 'cluster') {
    const instance = await describeInstance(rds, identifier)
    if (instance) {
      // An Aurora instance: Blue/Green works on its cluster.
      if (instance.DBClusterIdentifier) return describeCluster(rds, instance.DBClusterIdentifier)
      return fromInstance(instance)
    }
    if (kind === 'instance') throw new DatabaseNotFoundError(identifier, 'instance')
  }
  return describeCluster(rds, identifier)
}

/** describeDatabase, or undefined when RDS knows no such database (e.g. already deleted). */
export async function findDatabase(rds: RDSClient, identifier: string, kind?: DatabaseKind): Promise<Database | undefined> {
  try {
    return await describeDatabase(rds, identifier, kind)
  } catch (error) {
    if (error instanceof DatabaseNotFoundError) return undefined
    throw error
  }
}

/** Every instance of `ids`, one call (paginated) filtered by identifier. */
export async function describeInstances(rds: RDSClient, ids: string[]): Promise<DBInstance[]> {
  const found: DBInstance[] = []
  let marker: string | undefined
  do {
    const out = await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ids }], ...(marker ? { Marker: marker } : {}) }))
    found.push(...(out.DBInstances ?? []))
    marker = out.Marker
  } while (marker)
  return found
}

async function describeInstance(rds: RDSClient, identifier: string): Promise<DBInstance | undefined> {
  try {
    const out = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }))
    return out.DBInstances?.[0]
  } catch (error) {
    if (isAwsError(error, 'DBInstanceNotFound')) return undefined
    throw error
  }
}

function fromInstance(instance: DBInstance): Database {
  const identifier = instance.DBInstanceIdentifier ?? ''
  return {
    kind: 'instance',
    identifier,
    arn: instance.DBInstanceArn ?? '',
    engine: instance.Engine ?? '',
    engineVersion: instance.EngineVersion ?? '',
    status: instance.DBInstanceStatus ?? 'unknown',
    endpoint: endpointOf(instance.Endpoint?.Address, instance.Endpoint?.Port, `DB instance ${identifier}`),
    ...(instance.MasterUsername ? { masterUsername: instance.MasterUsername } : {}),
    instances: [instance],
  }
}

async function describeCluster(rds: RDSClient, identifier: string): Promise<Database> {
  let cluster: DBCluster | undefined
  try {
    cluster = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }))).DBClusters?.[0]
  } catch (error) {
    if (!isAwsError(error, 'DBClusterNotFoundFault')) throw error
  }
  if (!cluster) throw new DatabaseNotFoundError(identifier)
  const id = cluster.DBClusterIdentifier ?? identifier
  const members = await rds.send(
    new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] }),
  )
  const writerId = cluster.DBClusterMembers?.find((m) => m.IsClusterWriter)?.DBInstanceIdentifier
  const instances = [...(members.DBInstances ?? [])].sort(
    (a, b) => Number(b.DBInstanceIdentifier === writerId) - Number(a.DBInstanceIdentifier === writerId),
  )
  const port = cluster.Port
  return {
    kind: 'cluster',
    identifier: id,
    arn: cluster.DBClusterArn ?? '',
    engine: cluster.Engine ?? '',
    engineVersion: cluster.EngineVersion ?? '',
    status: cluster.Status ?? 'unknown',
    endpoint: endpointOf(cluster.Endpoint, port, `Aurora DB cluster ${id}`),
    ...(cluster.ReaderEndpoint && port ? { readerEndpoint: { host: cluster.ReaderEndpoint, port } } : {}),
    ...(cluster.MasterUsername ? { masterUsername: cluster.MasterUsername } : {}),
    instances,
    cluster,
  }
}
