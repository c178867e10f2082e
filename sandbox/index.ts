// The local RDS sandbox: `Sandbox.start(options)` starts the RDS Query endpoint, real
// MariaDB servers behind RDS-like instances and clusters, their endpoint proxies and TLS,
// and returns the environment a shell, the SDK or the action needs; `stop()` removes it all.
import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import mysql from 'mysql2/promise'
import { handleControl } from './control.js'
import { Faults } from './faults.js'
import { handlers } from './rds/actions.js'
import { type IdentityServices, type IdentityServicesOptions, startIdentityServices } from './identity/index.js'
import { type RequestAuthenticator, credentialAuth } from './rds/auth.js'
import { Background, type Context } from './rds/context.js'
import { createCluster, createInstance } from './rds/lifecycle.js'
import { type Cluster, type Instance, RdsState } from './rds/model.js'
import { addGroup, createDefaultGroups } from './rds/parameter-groups.js'
import type { Family } from './rds/parameters.js'
import { checkReplicas } from './rds/replication.js'
import { createRdsServer } from './rds/wire.js'
import { loadSampleData } from './sample-data.js'
import { rdsSecretValue } from './secrets/rds-secret.js'
import type { DatabaseServer } from './servers/database-server.js'
import { Workspace } from './servers/workspace.js'
import { type Timings, type TimingsInput, resolveTimings } from './timings.js'
import { createCertificateAuthority } from './tls/ca.js'

export interface InstanceSeed {
  id?: string
  /** 0 turns automated backups, and so the binlog, off. Default 1. */
  backupRetention?: number
  parameterGroup?: string
  deletionProtection?: boolean
  instanceClass?: string
  /** The master password is managed by Secrets Manager (shows MasterUserSecret). */
  managedMasterPassword?: boolean
  /** Load the sample `app` database. Default true. */
  sampleData?: boolean
}

export interface ClusterSeed {
  id?: string
  writerId?: string
  /** Reader instances replicating from the writer (needs the cluster's binlog on). Default 0. */
  readers?: number
  parameterGroup?: string
  instanceParameterGroup?: string
  deletionProtection?: boolean
  sampleData?: boolean
}

export interface GroupSeed {
  name: string
  family: Family
  kind?: 'db' | 'cluster'
  values?: Record<string, string>
  description?: string
}

export interface SandboxOptions {
  region?: string
  /** The RDS for MySQL instance to create (default: `database-1` with the sample data); false for none. */
  instance?: InstanceSeed | false
  /** The Aurora MySQL cluster to create (default: none). */
  cluster?: ClusterSeed | boolean
  /** Custom parameter groups to create before the databases. */
  parameterGroups?: GroupSeed[]
  timings?: TimingsInput
  masterUser?: string
  masterPassword?: string
  /** The identity side: workflow claims of the OIDC tokens, roles and their trust rules, GitHub options. */
  identity?: IdentityServicesOptions
  /** Signature and policy checks for RDS calls (default: the identity services' CredentialStore). */
  auth?: RequestAuthenticator
  /** Log every RDS call (action and error code) to this function. */
  onCall?: (action: string, code: string | undefined) => void
}

export class Sandbox {
  private watcher: NodeJS.Timeout | undefined
  private stopped = false

  private constructor(
    private readonly ctx: Context,
    /** Faults to arm: throttling, slow provisioning, storage-optimization, switchover failure. */
    readonly faults: Faults,
    /** OIDC, STS, Secrets Manager and the GitHub REST stand-in, with their CredentialStore. */
    readonly identity: IdentityServices,
    private readonly http: Server,
    readonly endpoint: string,
    readonly env: Record<string, string>,
  ) {}

  static async start(options: SandboxOptions = {}): Promise<Sandbox> {
    const workspace = Workspace.create()
    let identity: IdentityServices | undefined
    try {
      const region = options.region ?? 'us-east-1'
      const [tls, services] = await Promise.all([
        createCertificateAuthority(workspace.path('tls')),
        startIdentityServices({ region, ...options.identity }),
      ])
      identity = services
      const faults = new Faults()
      const ctx: Context = {
        state: new RdsState(region),
        workspace,
        tls,
        masterUser: options.masterUser ?? 'admin',
        masterPassword: options.masterPassword ?? randomBytes(12).toString('base64url'),
        replicationPassword: randomBytes(12).toString('base64url'),
        timings: resolveTimings(options.timings),
        faults,
        background: new Background(),
      }
      createDefaultGroups(ctx)
      for (const g of options.parameterGroups ?? []) {
        addGroup(ctx, g.kind ?? 'db', g.name, g.family, g.description ?? `${g.name} (sandbox seed)`, [], g.values ?? {})
      }
      const holder: { sandbox?: Sandbox } = {}
      const http = createRdsServer({
        handlers: handlers(ctx),
        auth: options.auth ?? credentialAuth(services.credentials),
        faults,
        extra: (req, res, body) => (holder.sandbox ? handleControl(holder.sandbox, req, res, body) : Promise.resolve(false)),
        ...(options.onCall ? { onCall: options.onCall } : {}),
      })
      const port = await new Promise<number>((resolve, reject) => {
        http.once('error', reject)
        http.listen(0, '127.0.0.1', () => {
          const a = http.address()
          resolve(typeof a === 'object' && a ? a.port : 0)
        })
      })
      const endpoint = `http://127.0.0.1:${port}`
      const seeds: Promise<unknown>[] = []
      const instanceSeed = options.instance === false ? undefined : { id: 'database-1', ...options.instance }
      const clusterSeed = options.cluster === true ? {} : options.cluster || undefined
      let instanceId: string | undefined
      let clusterId: string | undefined
      if (instanceSeed) {
        instanceId = instanceSeed.id
        seeds.push(seedInstance(ctx, instanceSeed))
      }
      if (clusterSeed) {
        clusterId = clusterSeed.id ?? 'aurora-1'
        seeds.push(seedCluster(ctx, { ...clusterSeed, id: clusterId }))
      }
      await Promise.all(seeds)
      const secretArn = storeSecrets(ctx, services, instanceId ?? clusterId)
      const env: Record<string, string> = {
        ...services.env,
        AWS_ENDPOINT_URL_RDS: endpoint,
        AWS_REGION: region,
        // The AWS CLI v1 reads the region only from AWS_DEFAULT_REGION.
        AWS_DEFAULT_REGION: region,
        ...(secretArn ? { SANDBOX_DB_SECRET_ARN: secretArn } : {}),
        SANDBOX_DB_USER: ctx.masterUser,
        SANDBOX_DB_PASSWORD: ctx.masterPassword,
        SANDBOX_DB_CA: tls.ca,
        SANDBOX_CONTROL_URL: `${endpoint}/_sandbox`,
        ...(instanceId ? { SANDBOX_INSTANCE: instanceId } : {}),
        ...(clusterId ? { SANDBOX_CLUSTER: clusterId } : {}),
      }
      const sandbox = new Sandbox(ctx, faults, services, http, endpoint, env)
      holder.sandbox = sandbox
      sandbox.startWatcher()
      return sandbox
    } catch (error) {
      await identity?.close().catch(() => undefined)
      workspace.dispose()
      throw error
    }
  }

  /** The model's state (instances, clusters, groups, deployments, events). */
  get state(): RdsState {
    return this.ctx.state
  }

  get timings(): Timings {
    return this.ctx.timings
  }

  /** The directory holding servers, snapshots and TLS files (removed by stop()). */
  get dir(): string {
    return this.ctx.workspace.dir
  }

  setTimings(input: TimingsInput): void {
    const next = resolveTimings({ ...this.ctx.timings, ...input, switchover: { ...this.ctx.timings.switchover, ...input.switchover } })
    Object.assign(this.ctx.timings, next)
  }

  /** An instance by its current identifier (it changes at switchover). */
  instance(id: string): Instance {
    const instance = this.ctx.state.instances.get(id)
    if (!instance) throw new Error(`sandbox: no instance ${id}; known: ${[...this.ctx.state.instances.keys()].join(', ')}`)
    return instance
  }

  cluster(id: string): Cluster {
    const cluster = this.ctx.state.clusters.get(id)
    if (!cluster) throw new Error(`sandbox: no cluster ${id}; known: ${[...this.ctx.state.clusters.keys()].join(', ')}`)
    return cluster
  }

  /** The real server behind an instance, for root-level assertions over its socket. */
  server(id: string): DatabaseServer {
    return this.instance(id).server
  }

  /** A connection as the master user through an instance's endpoint (or a cluster's writer/reader endpoint). */
  async connect(target: { instance: string } | { cluster: string; reader?: boolean }, options: mysql.ConnectionOptions = {}): Promise<mysql.Connection> {
    const proxy = 'instance' in target
      ? this.instance(target.instance).proxy
      : target.reader ? this.cluster(target.cluster).readerProxy : this.cluster(target.cluster).writerProxy
    return mysql.createConnection({ host: proxy.host, port: proxy.port, user: this.ctx.masterUser,
      password: this.ctx.masterPassword, ...options })
  }

  /** Loads the sample `app` database on an instance (as the application would: binlogged). */
  async loadSampleData(id: string): Promise<void> {
    await loadSampleData(this.server(id))
  }

  /** Breaks a replica's replication for real: io = wrong credentials (1045), sql = a conflicting table (1050). */
  async breakReplication(id: string, kind: 'io' | 'sql'): Promise<void> {
    const replica = this.instance(id)
    if (!replica.replicaOf) throw new Error(`sandbox: ${id} is not a replica`)
    if (kind === 'io') {
      // MariaDB refuses CHANGE MASTER while either thread runs; the SQL thread restarts cleanly.
      await replica.server.query("STOP SLAVE; CHANGE MASTER TO MASTER_PASSWORD='not-the-password'; START SLAVE")
    } else {
      const source = this.instance(replica.replicaOf)
      await replica.server.query('SET SESSION sql_log_bin=0; CREATE DATABASE IF NOT EXISTS sandbox_fault; CREATE TABLE sandbox_fault.conflict (id INT PRIMARY KEY); SET SESSION sql_log_bin=1')
      await source.server.query('CREATE DATABASE IF NOT EXISTS sandbox_fault; CREATE TABLE sandbox_fault.conflict (id INT PRIMARY KEY)')
    }
  }

  /** Waits until no background operation (provisioning, reboot, switchover, deletion) is running. */
  async idle(): Promise<void> {
    await this.ctx.background.idle()
  }

  /** Checks replicas now (normally every replicationPollMs) so errors become events. */
  async pollReplication(): Promise<void> {
    await checkReplicas(this.ctx)
  }

  describe(): Record<string, unknown> {
    const s = this.ctx.state
    return {
      endpoint: this.endpoint,
      instances: [...s.instances.values()].map((i) => ({ id: i.id, status: i.status, endpoint: `${i.proxy.host}:${i.proxy.port}`,
        serverPort: i.server.port, serverId: i.serverId, replicaOf: i.replicaOf, clusterId: i.clusterId })),
      clusters: [...s.clusters.values()].map((c) => ({ id: c.id, status: c.status, writer: `${c.writerProxy.host}:${c.writerProxy.port}`,
        reader: `${c.readerProxy.host}:${c.readerProxy.port}`, members: c.members })),
      deployments: [...s.deployments.values()].map((d) => ({ id: d.id, name: d.name, status: d.status, source: d.source, target: d.target })),
      timings: this.ctx.timings,
    }
  }

  private startWatcher(): void {
    let busy = false
    this.watcher = setInterval(() => {
      if (busy) return
      busy = true
      checkReplicas(this.ctx).catch(() => undefined).finally(() => { busy = false })
    }, this.ctx.timings.replicationPollMs)
    this.watcher.unref()
  }

  /** Stops everything: servers killed, proxies and the endpoint closed, the directory removed. */
  async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    this.ctx.background.stopped = true
    if (this.watcher) clearInterval(this.watcher)
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    const proxies = [...this.ctx.state.instances.values()].map((i) => i.proxy)
    for (const c of this.ctx.state.clusters.values()) proxies.push(c.writerProxy, c.readerProxy)
    await Promise.all(proxies.map((p) => p.close()))
    await this.identity.close().catch(() => undefined)
    this.ctx.workspace.dispose()
  }
}

/**
 * Secrets Manager holds what RDS would put there: each managed master password (the
 * MasterUserSecret's ARN) and, for `db-secret-arn`, a credentials secret for the seed database.
 */
function storeSecrets(ctx: Context, identity: IdentityServices, seedId: string | undefined): string | undefined {
  const store = identity.secrets.store
  const credentials = { username: ctx.masterUser, password: ctx.masterPassword }
  for (const instance of ctx.state.instances.values()) {
    if (!instance.managedMasterPassword) continue
    const secret = store.put(`rds!db-${instance.resourceId.toLowerCase()}`, rdsSecretValue(credentials, { managed: true }))
    instance.managedMasterSecretArn = secret.arn
  }
  if (!seedId) return undefined
  const instance = ctx.state.instances.get(seedId)
  const cluster = ctx.state.clusters.get(seedId)
  const proxy = instance?.proxy ?? cluster?.writerProxy
  if (!proxy) return undefined
  return store.put(`sandbox/${seedId}/master`, rdsSecretValue({ ...credentials, host: proxy.host, port: proxy.port,
    ...(instance ? { dbInstanceIdentifier: seedId } : { dbClusterIdentifier: seedId }) })).arn
}

async function seedInstance(ctx: Context, seed: InstanceSeed & { id: string }): Promise<void> {
  const instance = await createInstance(ctx, {
    id: seed.id, engine: 'mysql', backupRetention: seed.backupRetention ?? 1,
    ...(seed.parameterGroup ? { parameterGroup: seed.parameterGroup } : {}),
    ...(seed.deletionProtection ? { deletionProtection: true } : {}),
    ...(seed.instanceClass ? { instanceClass: seed.instanceClass } : {}),
  })
  if (seed.managedMasterPassword) instance.managedMasterPassword = true
  if (seed.sampleData !== false) await loadSampleData(instance.server)
  instance.status = 'available'
}

async function seedCluster(ctx: Context, seed: ClusterSeed & { id: string }): Promise<void> {
  const cluster = await createCluster(ctx, {
    id: seed.id, writerId: seed.writerId ?? `${seed.id}-instance-1`, readers: seed.readers ?? 0,
    ...(seed.parameterGroup ? { parameterGroup: seed.parameterGroup } : {}),
    ...(seed.instanceParameterGroup ? { instanceParameterGroup: seed.instanceParameterGroup } : {}),
    ...(seed.deletionProtection ? { deletionProtection: true } : {}),
  })
  const members = cluster.members.map((m) => ctx.state.instances.get(m)!)
  const writer = members.find((m) => m.isWriter)!
  for (const reader of members.filter((m) => !m.isWriter)) {
    const { startReplication } = await import('./rds/replication.js')
    const [pos] = await writer.server.query<{ File: string; Position: number }>('SHOW MASTER STATUS')
    if (pos) await startReplication(ctx, reader, writer, { file: pos.File, position: Number(pos.Position) })
  }
  if (seed.sampleData !== false) await loadSampleData(writer.server)
  for (const m of members) m.status = 'available'
  cluster.status = 'available'
}
