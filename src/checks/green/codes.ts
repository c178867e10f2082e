// Every finding code verify (and the switchover gate) can report, with a one-line meaning.
// GREEN_FINDING_CODES is the single list the finding-code reference is generated from;
// the schema and migration codes come from src/schema (their constants are reused here,
// so a renamed code there cannot drift from this list).
import type { Level } from '../../report/types.js'
import { MIGRATION_CODES, SCHEMA_CODES } from '../../schema/index.js'

export const CODES = {
  // The deployment and green's members, as the RDS API shows them.
  DEPLOYMENT_NOT_FOUND: 'DEPLOYMENT_NOT_FOUND',
  DEPLOYMENT_NOT_AVAILABLE: 'DEPLOYMENT_NOT_AVAILABLE',
  SWITCHOVER_DETAIL_NOT_AVAILABLE: 'SWITCHOVER_DETAIL_NOT_AVAILABLE',
  PREVIOUS_SWITCHOVER_FAILED: 'PREVIOUS_SWITCHOVER_FAILED',
  GREEN_MEMBER_NOT_AVAILABLE: 'GREEN_MEMBER_NOT_AVAILABLE',
  GREEN_PENDING_REBOOT: 'GREEN_PENDING_REBOOT',
  REPLICATION_ERROR_REPORTED: 'REPLICATION_ERROR_REPORTED',
  // Replication, read on green.
  REPLICATION_NOT_CONFIGURED: 'REPLICATION_NOT_CONFIGURED',
  REPLICATION_IO_STOPPED: 'REPLICATION_IO_STOPPED',
  REPLICATION_SQL_STOPPED: 'REPLICATION_SQL_STOPPED',
  REPLICATION_BINLOG_NOT_FOUND: 'REPLICATION_BINLOG_NOT_FOUND',
  REPLICATION_DUPLICATE_KEY: 'REPLICATION_DUPLICATE_KEY',
  REPLICATION_ROW_NOT_FOUND: 'REPLICATION_ROW_NOT_FOUND',
  REPLICATION_LAG_HIGH: 'REPLICATION_LAG_HIGH',
  REPLICATION_LAG_UNKNOWN: 'REPLICATION_LAG_UNKNOWN',
  REPLICATION_SYNC_TIMEOUT: 'REPLICATION_SYNC_TIMEOUT',
  SYNC_NOT_CHECKED: 'SYNC_NOT_CHECKED',
  // Green's own state.
  GREEN_WRITABLE: 'GREEN_WRITABLE',
  GREEN_ROWS_BEYOND_BLUE: 'GREEN_ROWS_BEYOND_BLUE',
  AUTO_INCREMENT_COLLISION: 'AUTO_INCREMENT_COLLISION',
  // What could not be checked.
  DB_CREDENTIALS_MISSING: 'DB_CREDENTIALS_MISSING',
  DB_UNREACHABLE: 'DB_UNREACHABLE',
  CHECK_FAILED: 'CHECK_FAILED',
} as const

export type GreenCode = (typeof CODES)[keyof typeof CODES]

export interface FindingCodeDoc {
  code: string
  /** The level it is reported at; `varies` where the rule decides (e.g. a type change). */
  level: Level | 'varies'
  /** Which part of the readiness report it belongs to. */
  area: 'deployment' | 'replication' | 'green' | 'schema' | 'migration' | 'access'
  meaning: string
}

const S = SCHEMA_CODES
const M = MIGRATION_CODES

/** Every code verify can report, with its level and a one-line meaning. */
export const GREEN_FINDING_CODES: readonly FindingCodeDoc[] = [
  { code: CODES.DEPLOYMENT_NOT_FOUND, level: 'error', area: 'deployment', meaning: 'No Blue/Green Deployment exists for the source (or the one named by `deployment`); run create first.' },
  { code: CODES.DEPLOYMENT_NOT_AVAILABLE, level: 'error', area: 'deployment', meaning: 'The deployment is not AVAILABLE (still PROVISIONING with tasks pending, INVALID_CONFIGURATION, switching over, switched over, failed or deleting).' },
  { code: CODES.PREVIOUS_SWITCHOVER_FAILED, level: 'warning', area: 'deployment', meaning: 'A previous switchover failed and RDS rolled it back (blue kept serving); a retry is possible once the other checks pass.' },
  { code: CODES.SWITCHOVER_DETAIL_NOT_AVAILABLE, level: 'error', area: 'deployment', meaning: 'A blue/green member pair (SwitchoverDetails) is not AVAILABLE, e.g. MISSING_SOURCE or MISSING_TARGET.' },
  { code: CODES.GREEN_MEMBER_NOT_AVAILABLE, level: 'error', area: 'deployment', meaning: 'A green instance or cluster is missing or not `available` (storage-optimization, modifying, rebooting, ...); RDS refuses the switchover until it is.' },
  { code: CODES.GREEN_PENDING_REBOOT, level: 'warning', area: 'deployment', meaning: "A green member's parameter group is pending-reboot: green does not yet run with the settings it was given." },
  { code: CODES.REPLICATION_ERROR_REPORTED, level: 'error', area: 'replication', meaning: "RDS reports green's read replication in error or stopped (StatusInfos), with the latest replication error event; shown when green's replica status could not be read directly." },
  { code: CODES.REPLICATION_NOT_CONFIGURED, level: 'error', area: 'replication', meaning: 'Green is not a replica of blue (SHOW REPLICA STATUS is empty), so it does not receive blue\'s writes.' },
  { code: CODES.REPLICATION_IO_STOPPED, level: 'error', area: 'replication', meaning: "Green's IO (receiver) thread is not running, with the last IO error number and text." },
  { code: CODES.REPLICATION_SQL_STOPPED, level: 'error', area: 'replication', meaning: "Green's SQL (applier) thread is not running, with the last SQL error number and text." },
  { code: CODES.REPLICATION_BINLOG_NOT_FOUND, level: 'error', area: 'replication', meaning: "Error 1236: green asks blue for a binary log file blue does not have (seed 000: binlog enabled by a reboot and no write on blue before the deployment was created)." },
  { code: CODES.REPLICATION_DUPLICATE_KEY, level: 'error', area: 'replication', meaning: 'Error 1062: a row blue wrote has a key green already holds because it was written on green (seed 003); names the table, the key value and the rows on green to delete.' },
  { code: CODES.REPLICATION_ROW_NOT_FOUND, level: 'error', area: 'replication', meaning: 'Error 1032: a row blue updated or deleted is missing or different on green (changed or deleted on green).' },
  { code: CODES.REPLICATION_LAG_HIGH, level: 'error', area: 'replication', meaning: 'Green is further behind blue than max-replica-lag (the marker round trip, or Seconds_Behind_Source).' },
  { code: CODES.REPLICATION_LAG_UNKNOWN, level: 'error', area: 'replication', meaning: 'Green reports no replica lag (Seconds_Behind_Source is NULL) although both threads run, so the lag could not be bounded.' },
  { code: CODES.REPLICATION_SYNC_TIMEOUT, level: 'error', area: 'replication', meaning: 'The marker row written on blue did not appear on green within sync-timeout.' },
  { code: CODES.SYNC_NOT_CHECKED, level: 'info', area: 'replication', meaning: 'The marker row round trip was not made (dry run, or replication already known to be stopped).' },
  { code: CODES.GREEN_WRITABLE, level: 'warning', area: 'green', meaning: "Green's read_only is OFF: writes on green can collide with blue's (duplicate key 1062, seed 003) and end up in production after switchover." },
  { code: CODES.GREEN_ROWS_BEYOND_BLUE, level: 'error', area: 'green', meaning: "A table's auto-increment key has rows on green beyond blue's maximum: rows written on green (table, key, range, and the DELETE that removes them)." },
  { code: CODES.AUTO_INCREMENT_COLLISION, level: 'error', area: 'green', meaning: "Blue's next auto-increment values are keys green already holds: blue's next inserts will stop replication with 1062 (table, key, colliding range, remedy)." },
  { code: CODES.DB_CREDENTIALS_MISSING, level: 'error', area: 'access', meaning: 'No database credentials were given: only the RDS API state was checked; the database checks not made are listed.' },
  { code: CODES.DB_UNREACHABLE, level: 'error', area: 'access', meaning: 'Blue or green could not be reached or logged in to at the endpoint RDS reports (network, security group, credentials, TLS).' },
  { code: CODES.CHECK_FAILED, level: 'error', area: 'access', meaning: 'A check could not run (e.g. a privilege is missing); what it would have proven is unproven.' },

  { code: S.TABLE_ADDED, level: 'info', area: 'schema', meaning: 'A table exists on green only: compatible (blue never writes to it).' },
  { code: S.TABLE_MISSING, level: 'error', area: 'schema', meaning: "A table of blue is missing on green: blue's writes to it stop replication." },
  { code: S.TABLE_RENAMED, level: 'error', area: 'schema', meaning: "A table of blue exists on green under another name: blue's writes to it stop replication." },
  { code: S.ENGINE_CHANGED, level: 'varies', area: 'schema', meaning: 'The table uses another storage engine on green.' },
  { code: S.TABLE_CHARSET_CHANGED, level: 'varies', area: 'schema', meaning: "The table's default character set or collation differs on green." },
  { code: S.COLUMN_APPENDED, level: 'varies', area: 'schema', meaning: 'A column added at the end of a table on green: compatible (a NOT NULL one without default is at risk with statement-based replication).' },
  { code: S.COLUMN_INSERTED, level: 'error', area: 'schema', meaning: 'A column added on green before existing columns: row events from blue land in the wrong columns.' },
  { code: S.COLUMN_DROPPED, level: 'error', area: 'schema', meaning: "A column of blue is missing on green: blue's writes to it fail or lose data." },
  { code: S.COLUMN_RENAMED, level: 'error', area: 'schema', meaning: 'A column has another name on green: statements from blue that name it fail.' },
  { code: S.COLUMN_REORDERED, level: 'error', area: 'schema', meaning: "Green's columns are in another order: row events from blue land in the wrong columns." },
  { code: S.TYPE_WIDENED, level: 'varies', area: 'schema', meaning: "A column's type is wider on green (e.g. VARCHAR to TEXT): compatible for statements, for rows only with replica_type_conversions ALL_NON_LOSSY." },
  { code: S.TYPE_NARROWED, level: 'error', area: 'schema', meaning: "A column's type is narrower on green: blue's values may not fit." },
  { code: S.TYPE_CHANGED, level: 'varies', area: 'schema', meaning: "A column's type changed on green to one replication does not convert." },
  { code: S.CHARSET_CHANGED, level: 'varies', area: 'schema', meaning: "A column's character set differs on green." },
  { code: S.COLLATION_CHANGED, level: 'varies', area: 'schema', meaning: "A column's collation differs on green." },
  { code: S.NULLABILITY_CHANGED, level: 'varies', area: 'schema', meaning: 'A column is NOT NULL on green but nullable on blue (or the other way round).' },
  { code: S.DEFAULT_CHANGED, level: 'varies', area: 'schema', meaning: "A column's default differs on green." },
  { code: S.GENERATED_CHANGED, level: 'varies', area: 'schema', meaning: 'A generated column is defined differently on green.' },
  { code: S.INDEX_ADDED, level: 'varies', area: 'schema', meaning: 'An index exists on green only: compatible (a unique one can reject rows blue accepts).' },
  { code: S.INDEX_DROPPED, level: 'varies', area: 'schema', meaning: 'An index of blue is missing on green: compatible for replication.' },
  { code: S.INDEX_CHANGED, level: 'varies', area: 'schema', meaning: 'An index is defined differently on green.' },
  { code: S.PARTITIONING_CHANGED, level: 'error', area: 'schema', meaning: 'The table is partitioned differently on green.' },

  { code: M.UNPARSEABLE, level: 'warning', area: 'migration', meaning: 'A migration statement could not be parsed, so it was not checked (file and line named).' },
  { code: M.DML, level: 'warning', area: 'migration', meaning: 'A migration writes rows (INSERT/UPDATE/DELETE): run on green, they can collide with blue\'s writes.' },
  { code: M.NOT_CHECKED, level: 'info', area: 'migration', meaning: 'A migration statement or clause the lint does not judge.' },
  { code: M.NO_FILES, level: 'warning', area: 'migration', meaning: 'The migrations pattern matched no file.' },
  { code: M.UNREADABLE, level: 'warning', area: 'migration', meaning: 'A migration file could not be read.' },
]

/** The documentation entry for `code`, if verify can report it. */
export function describeCode(code: string): FindingCodeDoc | undefined {
  return GREEN_FINDING_CODES.find((c) => c.code === code)
}
