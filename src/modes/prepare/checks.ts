// The preflight of blue as a list of named checks, so the report can show every check that
// ran (not only the ones that found something) and which ones prepare fixed. API-level checks
// always run; the checks of the running server need database credentials.
import type { Connection } from '../../db/connector.js'
import { checkBackups } from '../../checks/blue/backups.js'
import { binlogGroupOf, checkBinlogSettings } from '../../checks/blue/binlog-settings.js'
import { checkBinlogRetention } from '../../checks/blue/binlog-retention.js'
import { checkBinlogWrites } from '../../checks/blue/binlog-writes.js'
import { checkExistingDeployment } from '../../checks/blue/deployment.js'
import { checkEngine } from '../../checks/blue/engine.js'
import { checkEventScheduler } from '../../checks/blue/event-scheduler.js'
import { checkExternalReplication } from '../../checks/blue/external-replication.js'
import { checkLongTransactions, DEFAULT_LONG_TRANSACTION_SECONDS } from '../../checks/blue/long-transactions.js'
import { checkLowerCaseTableNames } from '../../checks/blue/lower-case.js'
import { checkMasterPassword } from '../../checks/blue/master-password.js'
import { checkParameterGroupSync } from '../../checks/blue/parameter-sync.js'
import { checkReplicaTopology } from '../../checks/blue/replicas.js'
import { checkLiveBinlog, type ConfiguredBinlog, readServerState, type ServerState } from '../../checks/blue/server-state.js'
import { checkSourceStatus } from '../../checks/blue/status.js'
import { checkTables } from '../../checks/blue/tables.js'
import { checkTargetGroups } from '../../checks/blue/target-groups.js'
import { checkTargetInputs } from '../../checks/blue/target-inputs.js'
import type { PrepareInputs } from '../../inputs/types.js'
import { parameterValue } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import type { BlueState } from './state.js'
import { errorLine } from '../../error-line.js'

export interface CheckResult {
  id: string
  title: string
  findings: Finding[]
  /** Why the check did not run (no credentials, not applicable). */
  skipped?: string
}

/** What the running server gave: its variables and the live checks' results, or why there are none. */
export interface LiveResult {
  server?: ServerState
  checks: CheckResult[]
  /** A finding saying why the live checks did not run (DB_CHECKS_SKIPPED / DB_UNREACHABLE). */
  unavailable?: Finding
}

export function apiChecks(state: BlueState, inputs: PrepareInputs, server?: ServerState): CheckResult[] {
  const { db, groups, target, wanted } = state
  const instance = db.kind === 'instance'
  return [
    { id: 'engine', title: 'Engine and version', findings: checkEngine(db) },
    { id: 'status', title: 'Source available', findings: checkSourceStatus(db) },
    // Aurora always has backups; its binary log is the cluster parameter checked next.
    ...(instance ? [{ id: 'backups', title: 'Automated backups (the binary log of RDS for MySQL)', findings: checkBackups(db) }] : []),
    { id: 'binlog-settings', title: `binlog_format ${wanted} in ${instance ? 'the DB' : 'the DB cluster'} parameter group`, findings: checkBinlogSettings(db, groups, wanted) },
    { id: 'parameter-sync', title: 'Parameter groups in sync (no pending reboot)', findings: checkParameterGroupSync(db) },
    { id: 'master-password', title: 'Master password not managed by Secrets Manager', findings: checkMasterPassword(db) },
    { id: 'replicas', title: 'No replica source, cascading or cross-Region replicas', findings: checkReplicaTopology(db, state.replicas, inputs.aws.region) },
    { id: 'event-scheduler', title: 'event_scheduler OFF on green', findings: checkEventScheduler(db, groups, target, server?.eventScheduler) },
    { id: 'lower-case', title: 'lower_case_table_names equal on blue and green', findings: checkLowerCaseTableNames(db, groups, target, server?.lowerCaseTableNames) },
    { id: 'target', title: "Green's target settings", findings: [...checkTargetInputs(db, inputs.target), ...checkTargetGroups(db, inputs.target, target, wanted)] },
    { id: 'deployment', title: 'No deployment exists yet', findings: checkExistingDeployment(db.identifier, state.deployment) },
  ]
}

/**
 * The checks of the running server, in report order: the one list both the run and the
 * rows for a run without them (no credentials, no connection) are made from.
 */
interface LiveCheck {
  id: string
  title: string
  /** Whether the check exists for this database (e.g. Aurora only). */
  appliesTo?: (db: BlueState['db']) => boolean
  /** Why it cannot run on this server, if it cannot. */
  skippedOn?: (server: ServerState) => string | undefined
  run: (conn: Connection, state: BlueState, server: ServerState) => Finding[] | Promise<Finding[]>
}

const LIVE_CHECKS: readonly LiveCheck[] = [
  { id: 'live-binlog', title: 'Running server: log_bin and binlog_format', run: (_conn, state, server) => checkLiveBinlog(state.db.identifier, server, configuredBinlog(state), state.wanted) },
  {
    id: 'binlog-writes',
    title: 'A transaction in the binary log since it started (green fails with error 1236 otherwise)',
    skippedOn: (server) => (server.logBin ? undefined : 'binary logging is off'),
    run: (conn, state) => checkBinlogWrites(conn, state.db.identifier),
  },
  { id: 'binlog-retention', title: "Aurora 'binlog retention hours' set", appliesTo: (db) => db.engine === 'aurora-mysql', run: (conn, state) => checkBinlogRetention(conn, state.db.identifier) },
  { id: 'external-replication', title: 'Not a replica of an external database', run: (conn, state) => checkExternalReplication(conn, state.db.identifier) },
  { id: 'tables', title: 'Primary keys and InnoDB tables', run: (conn) => checkTables(conn) },
  {
    id: 'long-transactions',
    title: `No transaction open longer than ${DEFAULT_LONG_TRANSACTION_SECONDS} s`,
    run: (conn, state) => checkLongTransactions(conn, { thresholdSeconds: DEFAULT_LONG_TRANSACTION_SECONDS, subject: state.db.identifier }),
  },
]

/** What blue's groups (and backups) say the running server should have. */
function configuredBinlog(state: BlueState): ConfiguredBinlog {
  const { db, groups } = state
  const format = parameterValue(binlogGroupOf(db, groups), 'binlog_format')
  const binlog = db.kind === 'instance' ? (db.instances[0]?.BackupRetentionPeriod ?? 0) > 0 : format !== undefined && format.toUpperCase() !== 'OFF'
  return { binlog, ...(format ? { format } : {}) }
}

/** The titles of the live checks that apply to `db`, for messages saying they did not run. */
export function liveCheckTitles(db: BlueState['db']): string[] {
  return LIVE_CHECKS.filter((c) => c.appliesTo?.(db) ?? true).map((c) => c.title)
}

/** Runs one live check; a failing query becomes DB_CHECK_FAILED in that check only. */
async function live(check: LiveCheck, conn: Connection, state: BlueState, server: ServerState): Promise<CheckResult> {
  const { id, title } = check
  const skipped = check.skippedOn?.(server)
  if (skipped) return { id, title, findings: [], skipped }
  try {
    return { id, title, findings: await check.run(conn, state, server) }
  } catch (error) {
    return { id, title, findings: [finding({ code: 'DB_CHECK_FAILED', subject: id, message: `The check "${title}" failed: ${errorLine(error)}` })] }
  }
}

export async function liveChecks(conn: Connection, state: BlueState): Promise<LiveResult> {
  const server = await readServerState(conn)
  const checks: CheckResult[] = []
  for (const check of LIVE_CHECKS.filter((c) => c.appliesTo?.(state.db) ?? true)) checks.push(await live(check, conn, state, server))
  return { server, checks }
}

/** The live checks' rows when they could not run. */
export function skippedLiveChecks(db: BlueState['db'], reason: string): CheckResult[] {
  return LIVE_CHECKS.filter((c) => c.appliesTo?.(db) ?? true).map(({ id, title }) => ({ id, title, findings: [], skipped: reason }))
}

export function allFindings(checks: CheckResult[]): Finding[] {
  return checks.flatMap((c) => c.findings)
}

export function hasCode(checks: CheckResult[], ...codes: string[]): boolean {
  return checks.some((c) => c.findings.some((f) => codes.includes(f.code)))
}
