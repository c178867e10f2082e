// The preflight of blue as a list of named checks, so the report can show every check that
// ran (not only the ones that found something) and which ones prepare fixed. API-level checks
// always run; the checks of the running server need database credentials.
import type { Connection } from 'mysql2/promise'
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
import { checkLiveBinlog, readServerState, type ServerState } from '../../checks/blue/server-state.js'
import { checkSourceStatus } from '../../checks/blue/status.js'
import { checkTables } from '../../checks/blue/tables.js'
import { checkTargetGroups } from '../../checks/blue/target-groups.js'
import { checkTargetInputs } from '../../checks/blue/target-inputs.js'
import { finding } from '../../checks/codes.js'
import type { PrepareInputs } from '../../inputs/types.js'
import { parameterValue } from '../../rds/parameter-groups.js'
import type { Finding } from '../../report/types.js'
import type { BlueState } from './state.js'

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

/** Runs one live check; a failing query becomes DB_CHECK_FAILED in that check only. */
async function live(id: string, title: string, run: () => Promise<Finding[]>): Promise<CheckResult> {
  try {
    return { id, title, findings: await run() }
  } catch (error) {
    return {
      id,
      title,
      findings: [
        finding({
          level: 'warning',
          code: 'DB_CHECK_FAILED',
          subject: id,
          message: `The check "${title}" failed: ${(error as Error).message}`,
          remedy: 'Give db-user the privileges the RDS master user has (PROCESS, REPLICATION CLIENT, REPLICATION SLAVE, SELECT on information_schema), or run this check by hand.',
        }),
      ],
    }
  }
}

export async function liveChecks(conn: Connection, state: BlueState): Promise<LiveResult> {
  const { db, groups, wanted } = state
  const subject = db.identifier
  const server = await readServerState(conn)
  const binlogGroup = binlogGroupOf(db, groups)
  const format = parameterValue(binlogGroup, 'binlog_format')
  const configured =
    db.kind === 'instance'
      ? { binlog: (db.instances[0]?.BackupRetentionPeriod ?? 0) > 0, ...(format ? { format } : {}) }
      : { binlog: format !== undefined && format.toUpperCase() !== 'OFF', ...(format ? { format } : {}) }
  const checks: CheckResult[] = [
    { id: 'live-binlog', title: 'Running server: log_bin and binlog_format', findings: checkLiveBinlog(subject, server, configured, wanted) },
    server.logBin
      ? await live('binlog-writes', 'A transaction in the binary log since its start (seed 000: 1236)', () => checkBinlogWrites(conn, subject))
      : { id: 'binlog-writes', title: 'A transaction in the binary log since its start (seed 000: 1236)', findings: [], skipped: 'binary logging is off' },
    ...(db.engine === 'aurora-mysql' ? [await live('binlog-retention', "Aurora 'binlog retention hours' set", () => checkBinlogRetention(conn, subject))] : []),
    await live('external-replication', 'Not a replica of an external database', () => checkExternalReplication(conn, subject)),
    await live('tables', 'Primary keys and InnoDB tables', () => checkTables(conn)),
    await live('long-transactions', `No transaction open longer than ${DEFAULT_LONG_TRANSACTION_SECONDS} s`, () =>
      checkLongTransactions(conn, { thresholdSeconds: DEFAULT_LONG_TRANSACTION_SECONDS, subject }),
    ),
  ]
  return { server, checks }
}

/** The live checks' rows when they could not run. */
export function skippedLiveChecks(reason: string): CheckResult[] {
  return [
    ['live-binlog', 'Running server: log_bin and binlog_format'],
    ['binlog-writes', 'A transaction in the binary log since its start (seed 000: 1236)'],
    ['tables', 'Primary keys and InnoDB tables'],
    ['long-transactions', 'No long-running transactions'],
  ].map(([id, title]) => ({ id: id!, title: title!, findings: [], skipped: reason }))
}

export function allFindings(checks: CheckResult[]): Finding[] {
  return checks.flatMap((c) => c.findings)
}

export function hasCode(checks: CheckResult[], ...codes: string[]): boolean {
  return checks.some((c) => c.findings.some((f) => codes.includes(f.code)))
}
