// The typed inputs a mode receives: parsed and validated once, before any AWS or MySQL
// call. `Inputs` is discriminated by `mode`; `InputsFor<'verify'>` is what verify gets.
import type { HeartbeatTable } from '../db/heartbeat.js'
import type { Mode } from '../mode.js'
import type { Tag } from './values.js'

export type { Tag }
export type BinlogFormat = 'ROW' | 'MIXED' | 'STATEMENT'
export type DbTls = 'verify' | 'skip-verify' | 'disable'
export type PrComment = 'auto' | 'always' | 'never'
/** Which findings fail the step: errors (default), warnings too, or none (report only). */
export type FailOn = 'error' | 'warning' | 'never'

/** The blue database as the user named it. */
export interface SourceRef {
  /** The input as given. */
  input: string
  /** The DB instance or DB cluster identifier, lowercased. */
  identifier: string
  /** Known only when `source` was an ARN (`:db:` or `:cluster:`); otherwise the mode finds out. */
  kind?: 'instance' | 'cluster'
  arn?: string
  partition?: string
  region?: string
  accountId?: string
}

/** `deployment`: a Blue/Green Deployment identifier (bgd-...) or name. Empty: found from the source. */
export type DeploymentRef = { by: 'id'; id: string } | { by: 'name'; name: string }

export interface AwsInputs {
  region: string
  /** With it: GitHub OIDC token -> STS AssumeRoleWithWebIdentity. Without: the SDK's default chain. */
  roleToAssume?: string
  roleSessionName: string
  roleDurationSeconds: number
  audience: string
  /** Attempts per AWS call (1 + retries) for throttling and transient errors. */
  retryMaxAttempts: number
}

export type DbAuth =
  | { kind: 'password'; user: string; password: string }
  | { kind: 'secret'; secretId: string; /** overrides the secret's username */ user?: string }
  | { kind: 'iam'; user: string }
  | { kind: 'none' }

export interface DbInputs {
  auth: DbAuth
  /** Default schema for connections (db-name); usually empty. */
  database?: string
  tls: DbTls
  /** PEM file that replaces the bundled Amazon RDS CA bundle (db-ca-bundle). */
  caBundlePath?: string
  connectTimeoutMs: number
  heartbeatTable: HeartbeatTable
}

export interface GithubInputs {
  token?: string
  prComment: PrComment
  /** Explicit pull request (e.g. for workflow_dispatch); otherwise taken from the event. */
  prNumber?: number
}

/** What green will be (prepare checks it, create asks for it). */
export interface TargetInputs {
  engineVersion?: string
  dbParameterGroup?: string
  dbClusterParameterGroup?: string
  instanceClass?: string
  upgradeStorageConfig: boolean
}

export interface CommonInputs {
  source: SourceRef
  deployment?: DeploymentRef
  aws: AwsInputs
  db: DbInputs
  github: GithubInputs
  /** Where the JSON report is written. */
  reportPath: string
  dryRun: boolean
  failOn: FailOn
  /** Longest wait for a resource to become available (reboots, deletions). */
  waitTimeoutMs: number
  /** How long a wait may go without a log line: it then says what it waits for, the status and the time waited. */
  progressIntervalMs: number
  /**
   * The time the step has (the job's timeout-minutes): every wait ends early enough for the
   * action to write its own report before GitHub would cancel the job. Undefined: no limit.
   */
  timeLimitMs?: number
}

export interface PrepareInputs extends CommonInputs {
  mode: 'prepare'
  /** Wanted binlog_format; undefined: MIXED for RDS for MySQL, ROW for Aurora MySQL (AWS's advice). */
  binlogFormat?: BinlogFormat
  apply: boolean
  allowReboot: boolean
  /** Days of automated backups to turn on (RDS for MySQL binlog needs > 0); undefined: leave as is. */
  backupRetentionPeriod?: number
  target: TargetInputs
  tags: Tag[]
}

export interface CreateInputs extends CommonInputs {
  mode: 'create'
  target: TargetInputs
  tags: Tag[]
  createTimeoutMs: number
}

export interface VerifyInputs extends CommonInputs {
  mode: 'verify'
  syncTimeoutMs: number
  maxReplicaLagMs: number
  /** Glob patterns of .sql files to lint (one per line). */
  migrations: string[]
}

export interface SwitchoverInputs extends CommonInputs {
  mode: 'switchover'
  /** Passed to SwitchoverBlueGreenDeployment (30 to 3600). */
  switchoverTimeoutSeconds: number
  probeIntervalMs: number
  probeTailMs: number
  probeLogPath: string
  maxReplicaLagMs: number
  force: boolean
  /** The downtime budget: longer write or read interruptions are reported as warnings. */
  maxWriteDowntimeMs: number
  maxReadDowntimeMs: number
}

export interface CleanupInputs extends CommonInputs {
  mode: 'cleanup'
  deleteOld: boolean
  finalSnapshot: boolean
  finalSnapshotIdentifier?: string
  abandon: boolean
  dropHeartbeatTable: boolean
}

export type Inputs = PrepareInputs | CreateInputs | VerifyInputs | SwitchoverInputs | CleanupInputs

export type InputsFor<M extends Mode> = Extract<Inputs, { mode: M }>
