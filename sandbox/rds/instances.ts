// DB instance actions: DescribeDBInstances, ModifyDBInstance, RebootDBInstance, DeleteDBInstance.
import type {
  DeleteDBInstanceMessage,
  DeleteDBInstanceResult,
  DescribeDBInstancesMessage,
  DBInstanceMessage,
  ModifyDBInstanceMessage,
  ModifyDBInstanceResult,
  RebootDBInstanceMessage,
  RebootDBInstanceResult,
} from '@aws-sdk/client-rds'
import { readdirSync, rmSync } from 'node:fs'
import { sleep } from '../timings.js'
import type { Context } from './context.js'
import { RdsError, invalidParameter, notFound } from './errors.js'
import { destroyInstance, retargetClusterEndpoints } from './lifecycle.js'
import { deploymentOf, findInstance, requireString } from './lookup.js'
import type { Instance } from './model.js'
import { applyFilters, paginate } from './paging.js'
import { familyOf } from './parameters.js'
import { clusterMembers, settingsFor } from './provision.js'
import { dumpToFile, snapshotFile, takeSnapshot } from './snapshots.js'
import { instanceView } from './views.js'

export async function describeDBInstances(ctx: Context, input: DescribeDBInstancesMessage): Promise<DBInstanceMessage> {
  let instances = [...ctx.state.instances.values()].sort((a, b) => a.id.localeCompare(b.id))
  if (input.DBInstanceIdentifier) instances = [findInstance(ctx, input.DBInstanceIdentifier)]
  instances = applyFilters(instances, input.Filters, {
    'db-instance-id': (i) => [i.id, ctx.state.arn('db', i.id)],
    'db-cluster-id': (i) => (i.clusterId ? [i.clusterId, ctx.state.arn('cluster', i.clusterId)] : []),
    'dbi-resource-id': (i) => [i.resourceId],
    engine: (i) => [i.engine],
  })
  const { page, Marker } = paginate(instances, input)
  return { DBInstances: page.map((i) => instanceView(ctx, i)), ...(Marker ? { Marker } : {}) }
}

export function requireAvailable(instance: Instance): void {
  if (instance.status !== 'available') {
    throw new RdsError('InvalidDBInstanceStateFault', `Database instance is not in available state.`)
  }
}

/**
 * Restarts the server with the current groups, purging old binary logs first when the
 * binlog is being turned on again (RDS purges them when backups are turned off).
 */
export async function restartServer(ctx: Context, instance: Instance): Promise<void> {
  const next = settingsFor(ctx, instance)
  const wasOn = instance.server.settings.binlog
  instance.proxy.retarget(undefined)
  await instance.server.stop()
  if (!wasOn && next.binlog) {
    for (const f of readdirSync(instance.server.datadir)) {
      if (/^mysql-bin-changelog\.(\d+|index)$/.test(f)) rmSync(`${instance.server.datadir}/${f}`, { force: true })
    }
  }
  instance.server.settings = next
  await instance.server.start()
  instance.proxy.retarget({ host: '127.0.0.1', port: instance.server.port })
  if (instance.clusterId) {
    const cluster = ctx.state.clusters.get(instance.clusterId)
    if (cluster) retargetClusterEndpoints(ctx, cluster)
  }
  instance.parameterApplyStatus = 'in-sync'
  if (instance.clusterParameterGroupStatus) instance.clusterParameterGroupStatus = 'in-sync'
}

/** A reboot: status rebooting, the server restarted with its groups' settings, then available. */
export function beginReboot(ctx: Context, instance: Instance, status = 'rebooting'): void {
  instance.status = status
  ctx.background.run(`reboot ${instance.id}`, async () => {
    try {
      if (instance.pendingBackupRetention !== undefined) {
        instance.backupRetention = instance.pendingBackupRetention
        delete instance.pendingBackupRetention
      }
      await restartServer(ctx, instance)
      await sleep(ctx.timings.rebootMs)
      ctx.state.event('db-instance', instance.id, 'DB instance restarted', ['availability'])
    } finally {
      instance.status = 'available'
    }
  })
}

export async function rebootDBInstance(ctx: Context, input: RebootDBInstanceMessage): Promise<RebootDBInstanceResult> {
  const instance = findInstance(ctx, requireString(input, 'DBInstanceIdentifier'))
  if (input.ForceFailover) throw new RdsError('InvalidParameterCombination', 'ForceFailover is only valid for Multi-AZ DB instances.')
  requireAvailable(instance)
  beginReboot(ctx, instance)
  return { DBInstance: instanceView(ctx, instance) }
}

export async function modifyDBInstance(ctx: Context, input: ModifyDBInstanceMessage): Promise<ModifyDBInstanceResult> {
  const instance = findInstance(ctx, requireString(input, 'DBInstanceIdentifier'))
  requireAvailable(instance)
  let restart = false
  if (input.DBParameterGroupName !== undefined && input.DBParameterGroupName !== instance.parameterGroup) {
    const group = ctx.state.parameterGroups.get(input.DBParameterGroupName)
    if (!group) throw notFound.parameterGroup(input.DBParameterGroupName)
    if (group.family !== familyOf(instance.engine)) {
      throw new RdsError('InvalidParameterCombination', `The parameter group ${group.name} with DBParameterGroupFamily ${group.family} can't be used for this instance. Use a parameter group with DBParameterGroupFamily ${familyOf(instance.engine)}.`)
    }
    instance.parameterGroup = group.name
    // A newly attached group's static and dynamic values apply only after a reboot.
    instance.parameterApplyStatus = 'pending-reboot'
  }
  if (input.BackupRetentionPeriod !== undefined) {
    const days = input.BackupRetentionPeriod
    if (instance.clusterId) {
      throw new RdsError('InvalidParameterCombination', 'The requested DB Instance is a member of a DB Cluster. Set backup retention period for the DB Cluster.')
    }
    if (!Number.isInteger(days) || days < 0 || days > 35) throw invalidParameter('Invalid backup retention period: must be between 0 and 35.')
    const toggles = (days > 0) !== (instance.backupRetention > 0)
    if (!toggles) instance.backupRetention = days
    else if (input.ApplyImmediately) {
      instance.pendingBackupRetention = days
      restart = true
    } else instance.pendingBackupRetention = days
  }
  if (input.DeletionProtection !== undefined) instance.deletionProtection = input.DeletionProtection
  if (input.DBInstanceClass !== undefined) instance.instanceClass = input.DBInstanceClass
  ctx.state.event('db-instance', instance.id, 'Finished applying modification to DB instance', ['configuration change'])
  if (restart) {
    // Turning automated backups on or off restarts the instance: that is when the binlog changes.
    beginReboot(ctx, instance, 'modifying')
  }
  return { DBInstance: instanceView(ctx, instance) }
}

export function checkFinalSnapshot(skip: boolean | undefined, finalId: string | undefined, idName: string): void {
  if (skip && finalId) throw new RdsError('InvalidParameterCombination', `Cannot specify both SkipFinalSnapshot and ${idName}.`)
  if (!skip && !finalId) throw new RdsError('InvalidParameterCombination', `${idName} is required unless SkipFinalSnapshot is specified.`)
}

export async function deleteDBInstance(ctx: Context, input: DeleteDBInstanceMessage): Promise<DeleteDBInstanceResult> {
  const instance = findInstance(ctx, requireString(input, 'DBInstanceIdentifier'))
  if (instance.deletionProtection) {
    throw new RdsError('InvalidParameterCombination', 'Cannot delete protected DB Instance, please disable deletion protection and try again.')
  }
  if (instance.status === 'deleting') throw new RdsError('InvalidDBInstanceStateFault', `DB instance ${instance.id} is already being deleted.`)
  const deployment = deploymentOf(ctx, instance.id)
  if (deployment && deployment.status !== 'SWITCHOVER_COMPLETED') {
    throw new RdsError('InvalidDBInstanceStateFault', `DB instance ${instance.id} is part of blue/green deployment ${deployment.id} and can't be deleted. Delete the blue/green deployment first.`)
  }
  if (instance.clusterId) {
    if (input.FinalDBSnapshotIdentifier) {
      throw new RdsError('InvalidParameterCombination', 'FinalDBSnapshotIdentifier can not be specified when deleting a cluster instance')
    }
  } else {
    checkFinalSnapshot(input.SkipFinalSnapshot, input.FinalDBSnapshotIdentifier, 'FinalDBSnapshotIdentifier')
  }
  if (input.FinalDBSnapshotIdentifier) {
    const snapshot = await takeSnapshot(ctx, instance, input.FinalDBSnapshotIdentifier, [])
    snapshot.status = 'available'
  }
  const cluster = instance.clusterId ? ctx.state.clusters.get(instance.clusterId) : undefined
  if (cluster && clusterMembers(ctx, cluster).every((m) => m === instance || m.status === 'deleting')) {
    // The cluster's storage outlives its last instance (for DeleteDBCluster's final snapshot).
    cluster.storageFile = snapshotFile(ctx, `storage-${cluster.id}-${Date.now()}`)
    await dumpToFile(instance.server, cluster.storageFile)
  }
  instance.status = 'deleting'
  const view = instanceView(ctx, instance)
  ctx.state.event('db-instance', instance.id, 'DB instance deleted', ['deletion'])
  ctx.background.run(`delete ${instance.id}`, async () => {
    await sleep(ctx.timings.deleteMs)
    await destroyInstance(ctx, instance)
  })
  return { DBInstance: view }
}
