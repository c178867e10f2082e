// The running server, not only its parameter groups: log_bin and binlog_format as they are
// now (a group can say one thing while the server, not yet rebooted, runs another),
// event_scheduler and lower_case_table_names. One SELECT of system variables, the same on
// MySQL 8.0/8.4, Aurora MySQL 3 and MariaDB 10.11.
import { finding, type Finding } from '../../findings/finding.js'
import type { BinlogFormat } from './types.js'
import { rows, type Queryable } from '../../db/sql.js'

export interface ServerState {
  logBin: boolean
  binlogFormat: string
  /** ON, OFF or DISABLED. */
  eventScheduler: string
  lowerCaseTableNames: number
  version: string
  readOnly: boolean
}

const SQL = `SELECT @@log_bin AS log_bin, @@binlog_format AS binlog_format, @@event_scheduler AS event_scheduler,
  @@lower_case_table_names AS lower_case_table_names, @@version AS version, @@read_only AS read_only`

export async function readServerState(conn: Queryable): Promise<ServerState> {
  const [row] = await rows(conn, SQL)
  if (!row) throw new Error('SELECT of the server variables returned no row')
  return {
    logBin: Number(row.log_bin) === 1,
    binlogFormat: String(row.binlog_format ?? '').toUpperCase(),
    eventScheduler: String(row.event_scheduler ?? '').toUpperCase(),
    lowerCaseTableNames: Number(row.lower_case_table_names ?? 0),
    version: String(row.version ?? ''),
    readOnly: Number(row.read_only) === 1,
  }
}

/** What blue's groups say the server should run with (only what they get right is compared: a wrong group is its own finding). */
export interface ConfiguredBinlog {
  /** The groups (and backups) give a binary log. */
  binlog: boolean
  /** binlog_format in the deciding group. */
  format?: string
}

/**
 * LIVE_BINLOG_OFF / LIVE_BINLOG_FORMAT_MISMATCH when the groups are right but the running
 * server is not (yet): only a reboot makes it run with them.
 */
export function checkLiveBinlog(subject: string, state: ServerState, configured: ConfiguredBinlog, wanted: BinlogFormat): Finding[] {
  const reboot = `Reboot ${subject} so it runs with its groups: run prepare with apply: true and allow-reboot: true (or reboot it in a maintenance window and run prepare again).`
  if (configured.binlog && !state.logBin) {
    return [
      finding({
        code: 'LIVE_BINLOG_OFF',
        subject,
        message: `${subject} runs with log_bin OFF although its settings turn binary logging on: the change is not applied yet.`,
        remedy: reboot,
      }),
    ]
  }
  if (state.logBin && configured.format?.toUpperCase() === wanted && state.binlogFormat !== wanted) {
    return [
      finding({
        code: 'LIVE_BINLOG_FORMAT_MISMATCH',
        subject,
        message: `${subject} runs with binlog_format ${state.binlogFormat} although its group says ${wanted}: the change is not applied yet.`,
        remedy: reboot,
      }),
    ]
  }
  return []
}
