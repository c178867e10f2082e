// Snapshots as real dump files: CreateDBSnapshot, DeleteDBInstance's final snapshot, and
// DeleteDBCluster's final cluster snapshot each write a mariadb-dump of the user databases.
import type { CreateDBSnapshotMessage, CreateDBSnapshotResult, DescribeDBSnapshotsMessage, DBSnapshotMessage } from '@aws-sdk/client-rds'
import { spawn } from 'node:child_process'
import { mkdirSync, openSync, closeSync, statSync } from 'node:fs'
import type { DatabaseServer } from '../servers/database-server.js'
import type { Context } from './context.js'
import { RdsError, notFound } from './errors.js'
import { findInstance, requireString } from './lookup.js'
import type { Instance, Snapshot, Tag } from './model.js'
import { applyFilters, paginate } from './paging.js'
import { snapshotView } from './views.js'

/** Writes a consistent dump of the server's user databases to `file`; returns its size. */
export async function dumpToFile(server: DatabaseServer, file: string): Promise<number> {
  const fd = openSync(file, 'w')
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('mariadb-dump', ['--no-defaults', `--socket=${server.socket}`, '-uroot', '--single-transaction',
        '--routines', '--events', '--triggers', '--hex-blob', '--all-databases', '--ignore-database=mysql'],
      { stdio: ['ignore', fd, 'pipe'] })
      const err: Buffer[] = []
      child.stderr?.on('data', (c: Buffer) => err.push(c))
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`mariadb-dump: ${Buffer.concat(err).toString()}`))))
    })
  } finally {
    closeSync(fd)
  }
  return statSync(file).size
}

export function snapshotFile(ctx: Context, id: string): string {
  mkdirSync(ctx.workspace.path('snapshots'), { recursive: true })
  return ctx.workspace.path('snapshots', `${id}.sql`)
}

const SNAPSHOT_ID = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$/

/** Takes a snapshot of an instance (status creating, then available once the dump is written). */
export async function takeSnapshot(ctx: Context, instance: Instance, id: string, tags: Tag[], clusterId?: string): Promise<Snapshot> {
  if (!SNAPSHOT_ID.test(id)) {
    throw new RdsError('InvalidParameterValue', `The parameter DBSnapshotIdentifier is not a valid identifier: ${id}`)
  }
  if (ctx.state.snapshots.has(id)) throw new RdsError(clusterId ? 'DBClusterSnapshotAlreadyExistsFault' : 'DBSnapshotAlreadyExistsFault', `Cannot create the snapshot because a snapshot with the identifier ${id} already exists.`)
  const snapshot: Snapshot = {
    id, instanceId: instance.id, engine: instance.engine, engineVersion: instance.engineVersion, status: 'creating',
    type: 'manual', createdAt: new Date(), file: snapshotFile(ctx, id), sizeBytes: 0, masterUsername: instance.masterUsername,
    port: 3306, tags,
  }
  if (clusterId) snapshot.clusterId = clusterId
  ctx.state.snapshots.set(id, snapshot)
  ctx.state.event('db-snapshot', id, 'Creating manual snapshot', ['creation'])
  snapshot.sizeBytes = await dumpToFile(instance.server, snapshot.file)
  return snapshot
}

export async function createDBSnapshot(ctx: Context, input: CreateDBSnapshotMessage): Promise<CreateDBSnapshotResult> {
  const id = requireString(input, 'DBSnapshotIdentifier')
  const instance = findInstance(ctx, requireString(input, 'DBInstanceIdentifier'))
  if (instance.clusterId) {
    throw new RdsError('InvalidDBInstanceStateFault', 'The specified instance is a member of a cluster and a snapshot cannot be created directly. Please use the CreateDBClusterSnapshot API instead.')
  }
  if (instance.status !== 'available') {
    throw new RdsError('InvalidDBInstanceStateFault', `DB instance ${instance.id} is not in the available state.`)
  }
  const snapshot = await takeSnapshot(ctx, instance, id, (input.Tags ?? []) as Tag[])
  const view = snapshotView(ctx, snapshot)
  snapshot.status = 'available'
  ctx.state.event('db-snapshot', id, 'Manual snapshot created', ['creation'])
  return { DBSnapshot: view }
}

export async function describeDBSnapshots(ctx: Context, input: DescribeDBSnapshotsMessage): Promise<DBSnapshotMessage> {
  let snapshots = [...ctx.state.snapshots.values()].filter((s) => !s.clusterId)
  if (input.DBSnapshotIdentifier) {
    const one = ctx.state.snapshots.get(input.DBSnapshotIdentifier)
    if (!one || one.clusterId) throw notFound.snapshot(input.DBSnapshotIdentifier)
    snapshots = [one]
  }
  if (input.DBInstanceIdentifier) snapshots = snapshots.filter((s) => s.instanceId === input.DBInstanceIdentifier)
  if (input.SnapshotType) snapshots = snapshots.filter((s) => s.type === input.SnapshotType)
  snapshots = applyFilters(snapshots, input.Filters, {
    'db-instance-id': (s) => [s.instanceId, ctx.state.arn('db', s.instanceId)],
    'db-snapshot-id': (s) => [s.id],
    'snapshot-type': (s) => [s.type],
    engine: (s) => [s.engine],
  })
  const { page, Marker } = paginate(snapshots, input)
  return { DBSnapshots: page.map((s) => snapshotView(ctx, s)), ...(Marker ? { Marker } : {}) }
}
