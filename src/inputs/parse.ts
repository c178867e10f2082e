// Parses every input once into the typed object for the chosen mode. Pure: it reads the
// inputs, the environment given to it and (for db-ca-bundle) whether a file exists; it
// makes no AWS or MySQL call, so a bad input stops the run before anything is touched.
import { existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_HEARTBEAT_TABLE, parseHeartbeatTable } from '../db/heartbeat.js'
import { MODES, type Mode } from '../mode.js'
import { PROBE_INTERVAL } from '../probe/options.js'
import { parseRdsArn } from '../rds/arn.js'
import { fail } from './values.js'
import {
  RDS_IDENTIFIER_RULE,
  REGION,
  isRdsIdentifier,
  parseBoolean,
  parseChoice,
  parseDuration,
  parseInteger,
  parseParameterGroupName,
  parseRegion,
  parseTags,
} from './values.js'
import type { InputName, InputReader } from './spec.js'
import type {
  AwsInputs,
  BinlogFormat,
  CommonInputs,
  DbAuth,
  DbInputs,
  DeploymentRef,
  GithubInputs,
  Inputs,
  SourceRef,
  TargetInputs,
} from './types.js'


/**
 * The modes that cannot run at all without database credentials. verify runs without them:
 * it checks the deployment and green's members through the RDS API and reports, as a
 * blocking finding, which database checks it could not make.
 */
const MODES_NEEDING_DB: readonly Mode[] = ['switchover']

export function parseMode(read: InputReader): Mode {
  return parseChoice('mode', read('mode'), MODES, false)
}

const SECONDS = 1000
const MINUTES = 60 * SECONDS
const HOURS = 60 * MINUTES

export function parseInputs(read: InputReader, env: NodeJS.ProcessEnv = process.env): Inputs {
  const mode = parseMode(read)
  const common = parseCommon(mode, read, env)
  // Every input is validated whatever the mode, so a typo in a later stage's setting (say
  // switchover-timeout in a reusable workflow) fails the first stage, not the switchover.
  const all = parseModeSettings(read, env, common.source.identifier)
  switch (mode) {
    case 'prepare': {
      const { binlogFormat, apply, allowReboot, backupRetentionPeriod, target, tags } = all
      return { ...common, mode, binlogFormat, apply, allowReboot, backupRetentionPeriod, target, tags }
    }
    case 'create': {
      const { target, tags, createTimeoutMs } = all
      return { ...common, mode, target, tags, createTimeoutMs }
    }
    case 'verify': {
      const { syncTimeoutMs, maxReplicaLagMs, migrations } = all
      return { ...common, mode, syncTimeoutMs, maxReplicaLagMs, migrations }
    }
    case 'switchover': {
      const { switchoverTimeoutSeconds, probeIntervalMs, probeTailMs, probeLogPath, maxReplicaLagMs, force, maxWriteDowntimeMs, maxReadDowntimeMs } = all
      return { ...common, mode, switchoverTimeoutSeconds, probeIntervalMs, probeTailMs, probeLogPath, maxReplicaLagMs, force, maxWriteDowntimeMs, maxReadDowntimeMs }
    }
    case 'cleanup': {
      const { deleteOld, finalSnapshot, finalSnapshotIdentifier, abandon, dropHeartbeatTable } = all
      if (abandon && deleteOld) {
        fail('delete-old', read('delete-old'), 'expected false with abandon: true (abandon deletes green before a switchover; delete-old deletes the old blue after one)')
      }
      if (dropHeartbeatTable && common.db.auth.kind === 'none') {
        fail('db-user', read('db-user'), 'expected database credentials to drop the heartbeat table: set db-user and db-password, db-secret-arn, or db-iam-auth: true')
      }
      return { ...common, mode, deleteOld, finalSnapshot, finalSnapshotIdentifier, abandon, dropHeartbeatTable }
    }
  }
}

/** The settings of every mode, validated in the order action.yml lists them. */
function parseModeSettings(read: InputReader, env: NodeJS.ProcessEnv, source: string) {
  return {
    // prepare
    binlogFormat: optional(read, 'binlog-format', (n, v) => parseChoice<BinlogFormat>(n, v, ['ROW', 'MIXED', 'STATEMENT'])),
    apply: bool(read, 'apply'),
    allowReboot: bool(read, 'allow-reboot'),
    backupRetentionPeriod: optional(read, 'backup-retention-period', (n, v) => parseInteger(n, v, 1, 35, '7')),
    // prepare and create
    target: parseTarget(read),
    tags: parseTags('tags', read('tags')),
    createTimeoutMs: parseDuration('create-timeout', read('create-timeout'), { minMs: 1 * MINUTES, maxMs: 6 * HOURS, examples: ['2h', '90m'] }),
    // verify
    syncTimeoutMs: parseDuration('sync-timeout', read('sync-timeout'), { minMs: 1 * SECONDS, maxMs: 1 * HOURS, examples: ['60s', '2m'] }),
    maxReplicaLagMs: parseDuration('max-replica-lag', read('max-replica-lag'), { minMs: 0, maxMs: 1 * HOURS, examples: ['5s', '500ms'] }),
    migrations: read('migrations')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== ''),
    // switchover
    switchoverTimeoutSeconds:
      parseDuration('switchover-timeout', read('switchover-timeout'), {
        minMs: 30 * SECONDS,
        maxMs: 3600 * SECONDS,
        examples: ['300', '5m'],
        wholeSeconds: true,
      }) / 1000,
    probeIntervalMs: parseDuration('probe-interval', read('probe-interval'), { ...PROBE_INTERVAL, examples: ['1s', '250ms'] }),
    probeTailMs: parseDuration('probe-tail', read('probe-tail'), { minMs: 0, maxMs: 30 * MINUTES, examples: ['30s', '2m'] }),
    probeLogPath: read('probe-log-path') || defaultPath(env, source, 'switchover-probes.ndjson'),
    maxWriteDowntimeMs: parseDuration('max-write-downtime', read('max-write-downtime'), { minMs: 0, maxMs: 1 * HOURS, examples: ['30s', '5s'] }),
    maxReadDowntimeMs: parseDuration('max-read-downtime', read('max-read-downtime'), { minMs: 0, maxMs: 1 * HOURS, examples: ['30s', '5s'] }),
    force: bool(read, 'force'),
    // cleanup
    deleteOld: bool(read, 'delete-old'),
    finalSnapshot: bool(read, 'final-snapshot'),
    finalSnapshotIdentifier: optional(read, 'final-snapshot-identifier', (n, v) => {
      if (!/^[A-Za-z][A-Za-z0-9-]{0,254}$/.test(v) || v.includes('--') || v.endsWith('-')) {
        fail(n, v, 'expected a snapshot identifier: 1 to 255 letters, digits or hyphens, starting with a letter, e.g. mydb-final-2026-01-31')
      }
      return v
    }),
    abandon: bool(read, 'abandon'),
    dropHeartbeatTable: bool(read, 'drop-heartbeat-table'),
  }
}

// ------------------------------------------------------------------ common inputs

function parseCommon(mode: Mode, read: InputReader, env: NodeJS.ProcessEnv): CommonInputs {
  const source = parseSource(read('source'))
  const aws = parseAws(read, env, source)
  const db = parseDb(mode, read)
  const github = parseGithub(read)
  return {
    source,
    deployment: optional(read, 'deployment', parseDeployment),
    aws,
    db,
    github,
    reportPath: read('report-path') || defaultPath(env, source.identifier, `${mode}.json`),
    dryRun: bool(read, 'dry-run'),
    failOn: parseChoice('fail-on', read('fail-on'), ['error', 'warning', 'never']),
    waitTimeoutMs: parseDuration('wait-timeout', read('wait-timeout'), { minMs: 1 * MINUTES, maxMs: 6 * HOURS, examples: ['30m', '1h'] }),
    progressIntervalMs: parseDuration('progress-interval', read('progress-interval'), { minMs: 1 * SECONDS, maxMs: 60 * SECONDS, examples: ['30s', '1m'] }),
    timeLimitMs: optional(read, 'time-limit', (n, v) => parseDuration(n, v, { minMs: 10 * MINUTES, maxMs: 120 * HOURS, examples: ['360m', '90m'] })),
  }
}

export function parseSource(raw: string): SourceRef {
  const value = raw.trim()
  const expected = `expected a DB instance or Aurora DB cluster identifier (${RDS_IDENTIFIER_RULE}) or its ARN, e.g. my-database or arn:aws:rds:us-east-1:123456789012:cluster:my-cluster`
  if (value === '') fail('source', raw, expected)
  const arn = parseRdsArn(value)
  if (arn) {
    if (!isRdsIdentifier(arn.identifier)) fail('source', raw, expected)
    return {
      input: value,
      identifier: arn.identifier.toLowerCase(),
      kind: arn.kind,
      arn: value,
      partition: arn.partition,
      region: arn.region,
      accountId: arn.accountId,
    }
  }
  if (!isRdsIdentifier(value)) fail('source', raw, expected)
  return { input: value, identifier: value.toLowerCase() }
}

function parseDeployment(name: string, raw: string): DeploymentRef {
  const v = raw.trim()
  if (/^bgd-[a-z0-9]+$/.test(v)) return { by: 'id', id: v }
  if (/^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*$/.test(v) && v.length <= 60) return { by: 'name', name: v }
  return fail(name, raw, 'expected a Blue/Green Deployment identifier (bgd-...) or name (1 to 60 letters, digits or hyphens, starting with a letter), or empty to find it from source')
}

function parseAws(read: InputReader, env: NodeJS.ProcessEnv, source: SourceRef): AwsInputs {
  const given = read('aws-region')
  let region: string
  if (given !== '') {
    region = parseRegion('aws-region', given)
    if (source.region && source.region !== region) {
      fail('source', source.input, `expected an ARN in aws-region ${region} (its Region is ${source.region}), or leave aws-region empty`)
    }
  } else {
    const fromEnv = env.AWS_REGION ? 'AWS_REGION' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined
    const fallback = source.region ?? (fromEnv ? (env[fromEnv] ?? '') : '')
    if (fallback === '') fail('aws-region', given, 'expected an AWS Region code, e.g. us-east-1 (or set AWS_REGION, or give source as an ARN)')
    if (!REGION.test(fallback)) {
      fail('aws-region', given, `expected an AWS Region code, e.g. us-east-1 (${fromEnv} is ${JSON.stringify(fallback)}, not a Region code)`)
    }
    region = fallback
  }
  const role = read('role-to-assume')
  if (role !== '' && !/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(role)) {
    fail('role-to-assume', role, 'expected an IAM role ARN, e.g. arn:aws:iam::123456789012:role/rds-blue-green')
  }
  const sessionName = read('role-session-name')
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    fail('role-session-name', sessionName, 'expected 2 to 64 letters, digits or +=,.@_- characters, e.g. rds-blue-green')
  }
  const audience = read('audience')
  if (audience === '' || /\s/.test(audience)) fail('audience', audience, 'expected the OIDC audience your IAM identity provider trusts, e.g. sts.amazonaws.com')
  return {
    region,
    roleToAssume: role === '' ? undefined : role,
    roleSessionName: sessionName,
    roleDurationSeconds: parseInteger('role-duration-seconds', read('role-duration-seconds'), 900, 43200, '3600'),
    audience,
    retryMaxAttempts: parseInteger('retry-max-attempts', read('retry-max-attempts'), 1, 30, '10'),
  }
}

function parseDb(mode: Mode, read: InputReader): DbInputs {
  const user = read('db-user')
  const password = read('db-password')
  const secret = read('db-secret-arn')
  const iam = bool(read, 'db-iam-auth')
  const tls = parseChoice('db-tls', read('db-tls'), ['verify', 'skip-verify', 'disable'] as const)

  if (user !== '' && !/^[A-Za-z0-9_.$@-]{1,80}$/.test(user)) {
    fail('db-user', user, 'expected a MySQL user name (letters, digits or _.$@-, up to 80), e.g. admin')
  }
  if (secret !== '' && !/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+|[\w/+=.@-]{1,512})$/.test(secret)) {
    fail('db-secret-arn', secret, 'expected a Secrets Manager secret ARN or name, e.g. arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf')
  }
  const ways = [password !== '' && 'db-password', secret !== '' && 'db-secret-arn', iam && 'db-iam-auth'].filter(Boolean)
  if (ways.length > 1) {
    const second = ways[1] as InputName
    fail(second, read(second), `expected only one source of database credentials, but ${ways.join(' and ')} are both set`)
  }
  let auth: DbAuth
  if (iam) {
    if (user === '') fail('db-user', user, 'expected the database user that IAM authentication logs in as (db-iam-auth: true)')
    if (tls === 'disable') fail('db-tls', 'disable', 'expected verify or skip-verify: RDS IAM authentication requires TLS')
    auth = { kind: 'iam', user }
  } else if (secret !== '') {
    auth = user === '' ? { kind: 'secret', secretId: secret } : { kind: 'secret', secretId: secret, user }
  } else if (password !== '') {
    if (user === '') fail('db-user', user, 'expected the database user to log in as with db-password, e.g. admin')
    auth = { kind: 'password', user, password }
  } else {
    if (user !== '') fail('db-password', password, `expected the password for db-user ${user}, or use db-secret-arn or db-iam-auth: true`)
    auth = { kind: 'none' }
  }
  if (auth.kind === 'none' && MODES_NEEDING_DB.includes(mode)) {
    fail('db-user', user, `expected database credentials: mode ${mode} connects to blue and green; set db-user and db-password, db-secret-arn, or db-iam-auth: true`)
  }

  const caBundle = read('db-ca-bundle')
  if (caBundle !== '' && !(existsSync(caBundle) && statSync(caBundle).isFile())) {
    fail('db-ca-bundle', caBundle, 'expected the path of a PEM file of CA certificates that exists on the runner, or empty for the bundled Amazon RDS CA bundle')
  }
  const heartbeat = read('heartbeat-table') || DEFAULT_HEARTBEAT_TABLE
  const heartbeatTable = parseHeartbeatTable(heartbeat)
  if (!heartbeatTable) fail('heartbeat-table', heartbeat, `expected schema.table with plain identifiers, e.g. ${DEFAULT_HEARTBEAT_TABLE}`)
  const database = read('db-name')
  if (database !== '' && !/^[A-Za-z0-9_$]{1,64}$/.test(database)) fail('db-name', database, 'expected a schema name (letters, digits, _ or $, up to 64), or empty')

  return {
    auth,
    database: database === '' ? undefined : database,
    tls,
    caBundlePath: caBundle === '' ? undefined : caBundle,
    connectTimeoutMs: parseDuration('db-connect-timeout', read('db-connect-timeout'), { minMs: 100, maxMs: 5 * MINUTES, examples: ['10s', '500ms'] }),
    heartbeatTable,
  }
}

function parseGithub(read: InputReader): GithubInputs {
  const token = read('github-token')
  const prNumber = optional(read, 'pr-number', (n, v) => parseInteger(n, v, 1, 2 ** 31 - 1, '42'))
  return {
    token: token === '' ? undefined : token,
    prComment: parseChoice('pr-comment', read('pr-comment'), ['auto', 'always', 'never'] as const),
    prNumber,
  }
}

function parseTarget(read: InputReader): TargetInputs {
  return {
    engineVersion: optional(read, 'target-engine-version', (n, v) => {
      if (!/^\d+(\.[0-9A-Za-z_-]+){1,5}$/.test(v)) fail(n, v, 'expected an engine version, e.g. 8.0.40, 8.4.3 or 8.0.mysql_aurora.3.08.0')
      return v
    }),
    dbParameterGroup: optional(read, 'target-db-parameter-group', parseParameterGroupName),
    dbClusterParameterGroup: optional(read, 'target-db-cluster-parameter-group', parseParameterGroupName),
    instanceClass: optional(read, 'target-instance-class', (n, v) => {
      if (!/^db\.[a-z0-9-]+\.[a-z0-9-]+$/.test(v)) fail(n, v, 'expected a DB instance class, e.g. db.r6g.large')
      return v
    }),
    upgradeStorageConfig: bool(read, 'upgrade-target-storage-config'),
  }
}

// ------------------------------------------------------------------ helpers

function bool(read: InputReader, name: InputName): boolean {
  return parseBoolean(name, read(name))
}

function optional<T>(read: InputReader, name: InputName, parse: (name: InputName, raw: string) => T): T | undefined {
  const raw = read(name)
  return raw === '' ? undefined : parse(name, raw)
}

/** `$RUNNER_TEMP/rds-blue-green/<source>-<suffix>` (the OS temp dir outside a runner). */
function defaultPath(env: NodeJS.ProcessEnv, source: string, suffix: string): string {
  return join(env.RUNNER_TEMP || tmpdir(), 'rds-blue-green', `${source}-${suffix}`)
}
