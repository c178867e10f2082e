// Creating and destroying instances and clusters with their servers and endpoints: used to
// seed the sandbox, to build green environments and by the Delete* actions.
import { rmSync } from 'node:fs'
import { EndpointProxy } from '../net/proxy.js'
import { freePort } from '../servers/database-server.js'
import type { Context } from './context.js'
import { type Cluster, type Engine, type Instance, type Tag, randomId } from './model.js'
import { defaultGroupName, familyOf } from './parameters.js'
import { endpointFor, settingsFor, startServer } from './provision.js'

export const ENGINE_VERSIONS: Record<Engine, string> = {
  mysql: '8.0.36',
  'aurora-mysql': '8.0.mysql_aurora.3.05.2',
}

export interface NewInstance {
  id: string
  engine: Engine
  engineVersion?: string
  instanceClass?: string
  backupRetention?: number
  deletionProtection?: boolean
  parameterGroup?: string
  clusterId?: string
  isWriter?: boolean
  replicaOf?: string
  tags?: Tag[]
  dbName?: string
  /** Start the server with these groups' settings instead of the instance's own (green from a snapshot). */
  settingsFrom?: Partial<Pick<Instance, 'parameterGroup'>>
}

export async function createInstance(ctx: Context, spec: NewInstance): Promise<Instance> {
  const serverId = ctx.state.allocateServerId()
  const instance = {
    id: spec.id,
    resourceId: `db-${randomId(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
    engine: spec.engine,
    engineVersion: spec.engineVersion ?? ENGINE_VERSIONS[spec.engine],
    instanceClass: spec.instanceClass ?? (spec.engine === 'aurora-mysql' ? 'db.r6g.large' : 'db.t3.micro'),
    status: 'creating',
    masterUsername: ctx.masterUser,
    backupRetention: spec.clusterId ? 0 : (spec.backupRetention ?? 1),
    deletionProtection: spec.deletionProtection ?? false,
    parameterGroup: spec.parameterGroup ?? defaultGroupName(familyOf(spec.engine)),
    parameterApplyStatus: 'in-sync',
    serverId,
    createdAt: new Date(),
    tags: spec.tags ?? [],
    replicationErrors: { io: 0, sql: 0 },
  } as Omit<Instance, 'server' | 'proxy'> as Instance
  if (spec.dbName) instance.dbName = spec.dbName
  if (spec.clusterId) {
    instance.clusterId = spec.clusterId
    instance.isWriter = Boolean(spec.isWriter)
    instance.clusterParameterGroupStatus = 'in-sync'
  }
  if (spec.replicaOf) instance.replicaOf = spec.replicaOf
  const settings = settingsFor(ctx, { ...instance, ...spec.settingsFrom })
  instance.server = await startServer(ctx, `${spec.id}-${serverId}`, settings)
  instance.proxy = await endpointFor(instance.server)
  ctx.state.instances.set(instance.id, instance)
  return instance
}

/** Stops the server, closes the endpoint, removes the data directory and the record. */
export async function destroyInstance(ctx: Context, instance: Instance): Promise<void> {
  await instance.proxy.close()
  await instance.server.stop({ fast: true })
  rmSync(ctx.workspace.path('servers', instance.server.name), { recursive: true, force: true })
  // Gone from Describe* only once nothing of it is left.
  ctx.state.instances.delete(instance.id)
  if (instance.clusterId) {
    const cluster = ctx.state.clusters.get(instance.clusterId)
    if (cluster) {
      cluster.members = cluster.members.filter((m) => m !== instance.id)
      retargetClusterEndpoints(ctx, cluster)
    }
  }
}

/** Proxies for a cluster: the writer endpoint on 127.0.0.1:P and the reader endpoint on 127.0.0.2:P. */
export async function clusterEndpoints(): Promise<{ writer: EndpointProxy; reader: EndpointProxy }> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const writer = await EndpointProxy.listen('127.0.0.1', port).catch(() => undefined)
    if (!writer) continue
    const reader = await EndpointProxy.listen('127.0.0.2', port).catch(() => undefined)
    if (reader) return { writer, reader }
    await writer.close()
    if (attempt > 10) throw new Error('sandbox: no port free on both 127.0.0.1 and 127.0.0.2')
  }
}

/** The writer endpoint follows the writer; the reader endpoint a reader, or the writer when there is none. */
export function retargetClusterEndpoints(ctx: Context, cluster: Cluster, options: { keep?: boolean } = {}): void {
  const members = cluster.members.map((id) => ctx.state.instances.get(id)).filter((i): i is Instance => i !== undefined)
  const writer = members.find((m) => m.isWriter)
  const reader = members.find((m) => !m.isWriter) ?? writer
  const target = (i: Instance | undefined) => (i ? { host: '127.0.0.1', port: i.server.port } : undefined)
  if (cluster.writerProxy.target?.port !== target(writer)?.port) cluster.writerProxy.retarget(target(writer), options)
  if (cluster.readerProxy.target?.port !== target(reader)?.port) cluster.readerProxy.retarget(target(reader), options)
}

export interface NewCluster {
  id: string
  writerId: string
  readers?: number
  engineVersion?: string
  parameterGroup?: string
  instanceParameterGroup?: string
  backupRetention?: number
  deletionProtection?: boolean
  tags?: Tag[]
  dbName?: string
}

export async function createCluster(ctx: Context, spec: NewCluster): Promise<Cluster> {
  const { writer, reader } = await clusterEndpoints()
  const cluster: Cluster = {
    id: spec.id,
    resourceId: `cluster-${randomId(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
    engine: 'aurora-mysql',
    engineVersion: spec.engineVersion ?? ENGINE_VERSIONS['aurora-mysql'],
    status: 'creating',
    masterUsername: ctx.masterUser,
    backupRetention: spec.backupRetention ?? 1,
    deletionProtection: spec.deletionProtection ?? false,
    parameterGroup: spec.parameterGroup ?? defaultGroupName('aurora-mysql8.0'),
    members: [],
    writerProxy: writer,
    readerProxy: reader,
    createdAt: new Date(),
    tags: spec.tags ?? [],
  }
  if (spec.dbName) cluster.dbName = spec.dbName
  ctx.state.clusters.set(cluster.id, cluster)
  const common = { engine: 'aurora-mysql' as const, engineVersion: cluster.engineVersion, clusterId: cluster.id,
    ...(spec.instanceParameterGroup ? { parameterGroup: spec.instanceParameterGroup } : {}) }
  const first = await createInstance(ctx, { ...common, id: spec.writerId, isWriter: true })
  cluster.members.push(first.id)
  for (let n = 1; n <= (spec.readers ?? 0); n++) {
    const r = await createInstance(ctx, { ...common, id: `${spec.writerId.replace(/-\d+$/, '')}-${n + 1}`, replicaOf: first.id })
    cluster.members.push(r.id)
  }
  retargetClusterEndpoints(ctx, cluster)
  return cluster
}

export async function destroyCluster(ctx: Context, cluster: Cluster): Promise<void> {
  ctx.state.clusters.delete(cluster.id)
  await cluster.writerProxy.close()
  await cluster.readerProxy.close()
}
