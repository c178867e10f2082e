// Seed 000's error 1236: binary logging turned on (or the binlog restarted by a reboot), no
// write since, then the deployment. Green starts from the last transaction RDS finds in
// blue's binlog; with none it names a file before blue's first one and green's IO thread
// fails with 1236 "Could not find first log file name in binary log index file". One row
// written on blue first avoids it. This looks at the newest binlog files (newest first,
// stopping at the first transaction), reading only the first events of each.
import { finding, type Finding } from '../../findings/finding.js'
import { rows, type Queryable } from '../../db/sql.js'
import { ER, errno } from '../../db/errno.js'

/** Events every binlog file starts with; anything else is a transaction (GTID, Query, rows, Xid). */
const HOUSEKEEPING = new Set(['Format_desc', 'Previous_gtids', 'Gtid_list', 'Binlog_checkpoint', 'Rotate', 'Stop', 'Start_encryption'])
const FILES_TO_READ = 10
const EVENTS_PER_FILE = 100

/** True when one of the newest binlog files holds a transaction; undefined when binary logging is off. */
export async function binlogHasTransactions(conn: Queryable): Promise<boolean | undefined> {
  let logs
  try {
    logs = await rows(conn, 'SHOW BINARY LOGS')
  } catch (error) {
    if (errno(error) === ER.NO_BINARY_LOGGING) return undefined
    throw error
  }
  const newestFirst = logs.map((l) => String(l.Log_name ?? '')).filter(Boolean).reverse().slice(0, FILES_TO_READ)
  if (newestFirst.length === 0) return undefined
  for (const file of newestFirst) {
    const events = await rows(conn, `SHOW BINLOG EVENTS IN '${file.replace(/'/g, "''")}' LIMIT ${EVENTS_PER_FILE}`)
    if (events.some((e) => !HOUSEKEEPING.has(String(e.Event_type ?? '')))) return true
  }
  return false
}

export async function checkBinlogWrites(conn: Queryable, subject: string): Promise<Finding[]> {
  if ((await binlogHasTransactions(conn)) !== false) return []
  return [
    finding({
      code: 'BINLOG_NO_WRITE_SINCE_RESTART',
      subject,
      message: `${subject}'s binary log holds no transaction since it was (re)started: a deployment created now starts green from a position before the binlog, and green fails with error 1236.`,
    }),
  ]
}
