// The RDS control plane's state: instances, clusters, parameter groups, blue/green
// deployments, snapshots and events, each as RDS describes it, plus the real server and
// endpoint proxy behind every instance. Actions (instances.ts, clusters.ts, ...) read and
// change it; nothing here talks HTTP.
import { randomBytes } from 'node:crypto'
import type { EndpointProxy } from '../net/proxy.js'
import type { DatabaseServer } from '../servers/database-server.js'
import type { Family, GroupKind } from './parameters.js'

export const ACCOUNT = '123456789012'

export type Engine = 'mysql' | 'aurora-mysql'

export interface Tag {
  Key: string
  Value: string
}

export interface ParameterGroup {
  name: string
  kind: GroupKind
  family: Family
  description: string
  isDefault: boolean
  /** Values set by the user (Source=user); the rest come from the catalog. */
  values: Map<string, string>
  tags: Tag[]
}

export interface Instance {
  id: string
  resourceId: string
  engine: Engine
  engineVersion: string
  instanceClass: string
  status: string
  masterUsername: string
  dbName?: string
  backupRetention: number
  pendingBackupRetention?: number
  deletionProtection: boolean
  parameterGroup: string
  /** The DB parameter group's apply status: in-sync or pending-reboot. */
  parameterApplyStatus: 'in-sync' | 'pending-reboot' | 'applying'
  clusterId?: string
  /** Aurora: this instance is the cluster's writer. */
  isWriter?: boolean
  /** Aurora: the cluster parameter group's status on this member. */
  clusterParameterGroupStatus?: 'in-sync' | 'pending-reboot'
  /** RDS MySQL read replica / green member: replicates and has read_only={TrueIfReplica} on. */
  replicaOf?: string
  /** The master password is managed in Secrets Manager (MasterUserSecret; a Blue/Green limitation). */
  managedMasterPassword?: boolean
  managedMasterSecretArn?: string
  /** Old blue after a switchover: {TrueIfReplica} keeps it read-only, as RDS leaves it. */
  oldBlue?: boolean
  serverId: number
  server: DatabaseServer
  proxy: EndpointProxy
  createdAt: Date
  tags: Tag[]
  /** Set by a fault: the instance reports storage-optimization until then. */
  storageOptimizationUntil?: number
  /** The binlog file the server opened when its binlog was last enabled (for seed 000's 1236). */
  replicationErrors: { io: number; sql: number }
  statusInfo?: { Status: string; Message: string }
}

export interface Cluster {
  id: string
  resourceId: string
  engine: Engine
  engineVersion: string
  status: string
  masterUsername: string
  dbName?: string
  backupRetention: number
  deletionProtection: boolean
  parameterGroup: string
  members: string[]
  writerProxy: EndpointProxy
  readerProxy: EndpointProxy
  createdAt: Date
  tags: Tag[]
  /** Aurora storage outlives the instances: the last member's data, dumped when it was deleted. */
  storageFile?: string
}

export type DeploymentStatus =
  | 'PROVISIONING'
  | 'AVAILABLE'
  | 'SWITCHOVER_IN_PROGRESS'
  | 'SWITCHOVER_COMPLETED'
  | 'INVALID_CONFIGURATION'
  | 'SWITCHOVER_FAILED'
  | 'DELETING'

export interface SwitchoverDetail {
  /** Kind decides the ARN: db (instance), cluster, or cluster-endpoint. */
  kind: 'db' | 'cluster' | 'cluster-endpoint'
  source: string
  target: string
  status: string
}

export interface Deployment {
  id: string
  name: string
  kind: 'db' | 'cluster'
  source: string
  target: string
  status: DeploymentStatus
  statusDetails?: string
  details: SwitchoverDetail[]
  tasks: { Name: string; Status: string }[]
  createdAt: Date
  deletedAt?: Date
  tags: Tag[]
  /** Instances whose roles were swapped (set after a switchover), for topology updates. */
  switchedOver?: boolean
  /** When the last switchover did each step (epoch ms): the ground truth tests and benchmarks measure against. */
  switchoverTrace?: SwitchoverTrace
}

/**
 * What the sandbox actually did during a switchover, timed where it happened, so a test can
 * compare the interruption the action measured with the one produced (writes refused from
 * `readOnlyAt` to `endpointsOpenedAt`; connections refused or hung from `endpointsClosedAt`
 * to `endpointsOpenedAt`) and a benchmark can time how late the action noticed `completedAt`.
 */
export interface SwitchoverTrace {
  startedAt: number
  /** Blue's read_only set (the SET GLOBAL returned): writes get 1290 from here. */
  readOnlyAt?: number
  /** Production endpoints stopped serving new connections (refuse or hang) and dropped open ones. */
  endpointsClosedAt?: number
  /** Production endpoints serve again, now in front of the former green. */
  endpointsOpenedAt?: number
  /** Status became SWITCHOVER_COMPLETED. */
  completedAt?: number
  /** Rolled back: status SWITCHOVER_FAILED, blue writable again. */
  failedAt?: number
}

export interface Snapshot {
  id: string
  instanceId: string
  engine: Engine
  engineVersion: string
  status: string
  type: 'manual' | 'automated'
  createdAt: Date
  file: string
  sizeBytes: number
  masterUsername: string
  port: number
  tags: Tag[]
  clusterId?: string
}

export interface RdsEvent {
  SourceIdentifier: string
  SourceType: string
  Message: string
  EventCategories: string[]
  Date: Date
  SourceArn: string
}

export function randomId(length: number, alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

export class RdsState {
  readonly instances = new Map<string, Instance>()
  readonly clusters = new Map<string, Cluster>()
  readonly parameterGroups = new Map<string, ParameterGroup>()
  readonly clusterParameterGroups = new Map<string, ParameterGroup>()
  readonly deployments = new Map<string, Deployment>()
  readonly snapshots = new Map<string, Snapshot>()
  readonly events: RdsEvent[] = []
  private nextServerId = 100

  constructor(readonly region: string) {}

  arn(kind: string, id: string): string {
    return `arn:aws:rds:${this.region}:${ACCOUNT}:${kind}:${id}`
  }

  allocateServerId(): number {
    return this.nextServerId++
  }

  /** Records an RDS event (DescribeEvents). */
  event(sourceType: string, id: string, message: string, categories: string[] = ['notification']): void {
    const kind = { 'db-instance': 'db', 'db-cluster': 'cluster', 'blue-green-deployment': 'deployment',
      'db-parameter-group': 'pg', 'db-cluster-parameter-group': 'cluster-pg', 'db-snapshot': 'snapshot' }[sourceType] ?? sourceType
    this.events.push({ SourceIdentifier: id, SourceType: sourceType, Message: message, EventCategories: categories,
      Date: new Date(), SourceArn: this.arn(kind, id) })
  }

  /** Resolves an identifier or ARN (arn:aws:rds:...:db:<id>) to an instance id. */
  static idFromArn(value: string): string {
    const match = /^arn:aws[\w-]*:rds:[^:]*:\d*:(?:db|cluster|deployment|pg|cluster-pg|snapshot):(.+)$/.exec(value)
    return match ? match[1]! : value
  }
}
