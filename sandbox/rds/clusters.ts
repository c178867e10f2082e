// Aurora MySQL cluster actions: DescribeDBClusters, ModifyDBCluster, DeleteDBCluster.
import type {
  DBClusterMessage,
  DBClusterSnapshotMessage,
  DescribeDBClusterSnapshotsMessage,
  DeleteDBClusterMessage,
  DeleteDBClusterResult,
  DescribeDBClustersMessage,
  ModifyDBClusterMessage,
  ModifyDBClusterResult,
} from '@aws-sdk/client-rds'
import { copyFileSync, statSync, writeFileSync } from 'node:fs'
import { sleep } from '../timings.js'
import type { Context } from './context.js'
import { RdsError, invalidParameter } from './errors.js'
import { checkFinalSnapshot } from './instances.js'
import { destroyCluster } from './lifecycle.js'
import { deploymentOf, findCluster, requireString } from './lookup.js'
import { applyFilters, paginate } from './paging.js'
import { clusterMembers } from './provision.js'
import { snapshotFile } from './snapshots.js'
import { clusterView } from './views.js'

export async function describeDBClusters(ctx: Context, input: DescribeDBClustersMessage): Promise<DBClusterMessage> {
  let clusters = [...ctx.state.clusters.values()].sort((a, b) => a.id.localeCompare(b.id))
  if (input.DBClusterIdentifier) clusters = [findCluster(ctx, input.DBClusterIdentifier)]
  clusters = applyFilters(clusters, input.Filters, {
    'db-cluster-id': (c) => [c.id, ctx.state.arn('cluster', c.id)],
    'db-cluster-resource-id': (c) => [c.resourceId],
    engine: (c) => [c.engine],
  })
  const { page, Marker } = paginate(clusters, input)
  return { DBClusters: page.map((c) => clusterView(ctx, c)), ...(Marker ? { Marker } : {}) }
}

export async function modifyDBCluster(ctx: Context, input: ModifyDBClusterMessage): Promise<ModifyDBClusterResult> {
  const cluster = findCluster(ctx, requireString(input, 'DBClusterIdentifier'))
  if (cluster.status !== 'available') throw new RdsError('InvalidDBClusterStateFault', `DB cluster ${cluster.id} is not in the available state.`)
  if (input.DBClusterParameterGroupName !== undefined && input.DBClusterParameterGroupName !== cluster.parameterGroup) {
    const group = ctx.state.clusterParameterGroups.get(input.DBClusterParameterGroupName)
    if (!group) throw new RdsError('DBClusterParameterGroupNotFoundFault', `DBClusterParameterGroup not found: ${input.DBClusterParameterGroupName}`)
    cluster.parameterGroup = group.name
    for (const member of clusterMembers(ctx, cluster)) member.clusterParameterGroupStatus = 'pending-reboot'
  }
  if (input.BackupRetentionPeriod !== undefined) {
    if (input.BackupRetentionPeriod < 1 || input.BackupRetentionPeriod > 35) {
      throw invalidParameter('Invalid backup retention period: must be between 1 and 35 for Aurora.')
    }
    cluster.backupRetention = input.BackupRetentionPeriod
  }
  if (input.DeletionProtection !== undefined) cluster.deletionProtection = input.DeletionProtection
  ctx.state.event('db-cluster', cluster.id, 'Finished applying modification to DB cluster', ['configuration change'])
  return { DBCluster: clusterView(ctx, cluster) }
}

export async function deleteDBCluster(ctx: Context, input: DeleteDBClusterMessage): Promise<DeleteDBClusterResult> {
  const cluster = findCluster(ctx, requireString(input, 'DBClusterIdentifier'))
  if (cluster.deletionProtection) {
    throw new RdsError('InvalidParameterCombination', 'Cannot delete protected Cluster, please disable deletion protection and try again.')
  }
  const deployment = deploymentOf(ctx, cluster.id)
  if (deployment && deployment.status !== 'SWITCHOVER_COMPLETED') {
    throw new RdsError('InvalidDBClusterStateFault', `DB cluster ${cluster.id} is part of blue/green deployment ${deployment.id}. Delete the blue/green deployment first.`)
  }
  const members = clusterMembers(ctx, cluster).filter((m) => m.status !== 'deleting')
  if (members.length > 0) {
    throw new RdsError('InvalidDBClusterStateFault', 'Cluster cannot be deleted, it still contains DB instances in non-deleting state.')
  }
  if (cluster.status === 'deleting') throw new RdsError('InvalidDBClusterStateFault', `DB cluster ${cluster.id} is already being deleted.`)
  checkFinalSnapshot(input.SkipFinalSnapshot, input.FinalDBSnapshotIdentifier, 'FinalDBSnapshotIdentifier')
  if (input.FinalDBSnapshotIdentifier) {
    const id = input.FinalDBSnapshotIdentifier
    if (ctx.state.snapshots.has(id)) {
      throw new RdsError('DBClusterSnapshotAlreadyExistsFault', `Cannot create the cluster snapshot because one with the identifier ${id} already exists.`)
    }
    const file = snapshotFile(ctx, id)
    if (cluster.storageFile) copyFileSync(cluster.storageFile, file)
    else writeFileSync(file, '')
    ctx.state.snapshots.set(id, { id, instanceId: '', clusterId: cluster.id, engine: cluster.engine, engineVersion: cluster.engineVersion,
      status: 'available', type: 'manual', createdAt: new Date(), file, sizeBytes: statSync(file).size,
      masterUsername: cluster.masterUsername, port: 3306, tags: [] })
  }
  cluster.status = 'deleting'
  const view = clusterView(ctx, cluster)
  ctx.state.event('db-cluster', cluster.id, 'DB cluster deleted', ['deletion'])
  ctx.background.run(`delete ${cluster.id}`, async () => {
    // Members being deleted still exist for a moment; wait for them before removing the cluster.
    while (clusterMembers(ctx, cluster).length > 0) await sleep(50)
    await sleep(ctx.timings.deleteMs)
    await destroyCluster(ctx, cluster)
  })
  return { DBCluster: view }
}

export async function describeDBClusterSnapshots(ctx: Context, input: DescribeDBClusterSnapshotsMessage): Promise<DBClusterSnapshotMessage> {
  let snapshots = [...ctx.state.snapshots.values()].filter((s) => s.clusterId)
  if (input.DBClusterSnapshotIdentifier) {
    snapshots = snapshots.filter((s) => s.id === input.DBClusterSnapshotIdentifier)
    if (snapshots.length === 0) throw new RdsError('DBClusterSnapshotNotFoundFault', `DBClusterSnapshot ${input.DBClusterSnapshotIdentifier} not found.`)
  }
  if (input.DBClusterIdentifier) snapshots = snapshots.filter((s) => s.clusterId === input.DBClusterIdentifier)
  const { page, Marker } = paginate(snapshots, input)
  return {
    DBClusterSnapshots: page.map((s) => ({
      DBClusterSnapshotIdentifier: s.id, DBClusterIdentifier: s.clusterId, SnapshotCreateTime: s.createdAt, Engine: s.engine,
      EngineVersion: s.engineVersion, Status: s.status, Port: s.port, MasterUsername: s.masterUsername, SnapshotType: s.type,
      PercentProgress: 100, StorageEncrypted: true, DBClusterSnapshotArn: ctx.state.arn('cluster-snapshot', s.id), TagList: s.tags,
    })),
    ...(Marker ? { Marker } : {}),
  }
}
