// Long-running transactions on blue. A transaction open for minutes delays green's
// consistent copy at creation and, at switchover, RDS waits for open transactions on blue
// to finish before it can stop writes: a long one makes the switchover time out and roll
// back. Prepare reports them as warnings (LONG_RUNNING_TRANSACTION); the switchover gate
// reuses this check with its own code, an error (LONG_TRANSACTION_ON_BLUE).
//
// information_schema.innodb_trx has the same columns on MySQL 8.0/8.4, Aurora MySQL 3 and
// MariaDB 10.11. Seeing other sessions' transactions needs the PROCESS privilege, which the
// RDS master user has. The statement text (trx_query) is never read: it can hold data.
import { finding, type Finding } from '../../findings/finding.js'
import { rows, type Queryable } from '../../db/sql.js'

export const DEFAULT_LONG_TRANSACTION_SECONDS = 60

export interface LongTransaction {
  /** InnoDB's transaction id. */
  id: string
  /** The connection (processlist) id: what SHOW PROCESSLIST and mysql.rds_kill take. */
  threadId: number
  ageSeconds: number
  /** RUNNING, LOCK WAIT, ROLLING BACK, COMMITTING. */
  state: string
  user: string
  host: string
}

export interface LongTransactionOptions {
  /** Transactions open at least this long are reported (default 60). */
  thresholdSeconds?: number
  /** The code of the findings: LONG_RUNNING_TRANSACTION (default, prepare) or LONG_TRANSACTION_ON_BLUE (the switchover gate). */
  code?: 'LONG_RUNNING_TRANSACTION' | 'LONG_TRANSACTION_ON_BLUE'
  /** What the findings are about, e.g. the source identifier (default: "blue"). */
  subject?: string
}

const SQL = `SELECT t.trx_id AS id, t.trx_mysql_thread_id AS thread_id,
  TIMESTAMPDIFF(SECOND, t.trx_started, NOW()) AS age_seconds, t.trx_state AS state,
  p.USER AS user, p.HOST AS host
FROM information_schema.INNODB_TRX t
LEFT JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
WHERE t.trx_started <= NOW() - INTERVAL ? SECOND AND t.trx_mysql_thread_id <> CONNECTION_ID()
ORDER BY t.trx_started
LIMIT 50`

/** Transactions open at least `thresholdSeconds`, oldest first (at most 50). */
export async function readLongTransactions(conn: Queryable, thresholdSeconds: number): Promise<LongTransaction[]> {
  const found = await rows(conn, SQL, [thresholdSeconds])
  return found.map((r) => ({
    id: String(r.id ?? ''),
    threadId: Number(r.thread_id ?? 0),
    ageSeconds: Number(r.age_seconds ?? 0),
    state: String(r.state ?? ''),
    user: String(r.user ?? ''),
    host: String(r.host ?? ''),
  }))
}

/** One finding per transaction open at least the threshold (LONG_RUNNING_TRANSACTION). */
export async function checkLongTransactions(conn: Queryable, options: LongTransactionOptions = {}): Promise<Finding[]> {
  const threshold = options.thresholdSeconds ?? DEFAULT_LONG_TRANSACTION_SECONDS
  const subject = options.subject ?? 'blue'
  return (await readLongTransactions(conn, threshold)).map((t) => {
    const who = t.user ? ` of ${t.user}${t.host ? `@${t.host}` : ''}` : ''
    return finding({
      code: options.code ?? 'LONG_RUNNING_TRANSACTION',
      subject: `${subject} connection ${t.threadId}`,
      message: `A transaction${who} has been open for ${t.ageSeconds} s (state ${t.state}, threshold ${threshold} s).`,
      remedy: `Let it commit, or end it with CALL mysql.rds_kill(${t.threadId}); then run this step again. Long transactions delay green's copy and make a switchover time out.`,
    })
  })
}
