// What prepare reads about blue, through the API, in as few calls as RDS allows: the database
// (1 call for an instance, 2 for a cluster), each parameter group once (100 parameters a
// page), blue's same-Region read replicas only when it has some (1 call), green's target
// groups only when named. The deployment for the source was found before the mode ran.
import type { BlueGreenDeployment, DBInstance, RDSClient } from '@aws-sdk/client-rds'
import { sameRegionReplicaIds } from '../../checks/blue/replicas.js'
import type { BinlogFormat, BlueGroups, TargetGroups } from '../../checks/blue/types.js'
import { describeDatabase, describeInstances, type Database } from '../../rds/database.js'
import { groupNamesOf, readParameterGroup, type GroupKind, type ParameterGroupInfo } from '../../rds/parameter-groups.js'
import type { ModeContext } from '../context.js'

export interface BlueState {
  db: Database
  wanted: BinlogFormat
  groups: BlueGroups
  target: TargetGroups
  /** Blue's read replicas in this Region, described (for cascading replicas). */
  replicas: DBInstance[]
  deployment?: BlueGreenDeployment
}

/** Parameter groups read in this run, by kind and name: a group is read once unless prepare changed it. */
export class GroupCache {
  private readonly groups = new Map<string, Promise<ParameterGroupInfo | undefined>>()

  constructor(private readonly rds: RDSClient) {}

  read(kind: GroupKind, name: string): Promise<ParameterGroupInfo | undefined> {
    const key = `${kind}/${name}`
    let group = this.groups.get(key)
    if (!group) {
      group = readParameterGroup(this.rds, kind, name)
      this.groups.set(key, group)
      group.catch(() => this.groups.delete(key))
    }
    return group
  }

  forget(kind: GroupKind, name: string): void {
    this.groups.delete(`${kind}/${name}`)
  }
}

export async function readBlueState(
  ctx: ModeContext<'prepare'>,
  cache: GroupCache,
  wanted: BinlogFormat,
  deployment: BlueGreenDeployment | undefined,
  db?: Database,
): Promise<BlueState> {
  const { inputs } = ctx
  const database = db ?? (await describeDatabase(ctx.rds, inputs.source.identifier, inputs.source.kind))
  const names = groupNamesOf(database)
  const orNull = async (kind: GroupKind, name: string | undefined) => (name ? ((await cache.read(kind, name)) ?? null) : undefined)
  const replicaIds = sameRegionReplicaIds(database, inputs.aws.region)
  const [dbGroup, clusterGroup, targetDb, targetCluster, replicas] = await Promise.all([
    names.db ? cache.read('db', names.db) : undefined,
    names.cluster ? cache.read('cluster', names.cluster) : undefined,
    orNull('db', inputs.target.dbParameterGroup),
    database.kind === 'cluster' ? orNull('cluster', inputs.target.dbClusterParameterGroup) : undefined,
    replicaIds.length > 0 ? describeInstances(ctx.rds, replicaIds) : [],
  ])
  return {
    db: database,
    wanted,
    groups: { ...(dbGroup ? { db: dbGroup } : {}), ...(clusterGroup ? { cluster: clusterGroup } : {}) },
    target: {
      ...(targetDb !== undefined ? { db: targetDb } : {}),
      ...(targetCluster !== undefined ? { cluster: targetCluster } : {}),
    },
    replicas,
    ...(deployment ? { deployment } : {}),
  }
}
