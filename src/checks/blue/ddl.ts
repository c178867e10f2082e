// Schema changes on blue, right before a switchover. RDS stops writes on blue and waits for
// green to catch up; a DDL statement running on blue (or queued for its metadata lock)
// holds that up until the switchover times out and rolls back, and if it finishes just
// before, green replays it during the catch-up. The gate refuses both.
//
// Read from information_schema.PROCESSLIST, the same on MySQL 8.0/8.4, Aurora MySQL 3 and
// MariaDB 10.11 (performance_schema.metadata_locks is off by default on MariaDB). Only the
// statement's first keyword is read, computed by the server: the statement text itself is
// never fetched, since it can hold data. Other users' sessions are visible only with the
// PROCESS privilege (the RDS master user has it); without it the check says it cannot see.
import { finding, type Finding } from '../../findings/finding.js'
import { rows, type Queryable } from '../../db/sql.js'

export interface BlueSession {
  id: number
  user: string
  host: string
  db: string
  /** Seconds in the current state. */
  time: number
  state: string
  /** The statement's first keyword, uppercased (ALTER, CREATE, ...); empty when it has none. */
  verb: string
}

/** Statements that take an exclusive metadata lock on a table for their duration. */
export const DDL_VERBS = new Set(['ALTER', 'CREATE', 'DROP', 'RENAME', 'TRUNCATE', 'OPTIMIZE', 'REPAIR'])

// Comments before the keyword (/* ... */, -- ..., # ...) are removed server-side; REGEXP_REPLACE
// and REGEXP_SUBSTR exist on MySQL 8.0+ and MariaDB 10.0.5+.
const SESSIONS_SQL = `SELECT ID AS id, USER AS user, HOST AS host, DB AS db, TIME AS time, STATE AS state,
  UPPER(REGEXP_SUBSTR(REGEXP_REPLACE(INFO, ?, ''), '[A-Za-z]+')) AS verb
FROM information_schema.PROCESSLIST
WHERE ID <> CONNECTION_ID() AND INFO IS NOT NULL AND COMMAND NOT IN ('Sleep', 'Daemon', 'Binlog Dump', 'Binlog Dump GTID')
ORDER BY TIME DESC
LIMIT 200`

const COMMENTS = '/[*]([^*]|[*]+[^*/])*[*]+/|--[^\\n]*|#[^\\n]*'

export async function readBlueSessions(conn: Queryable): Promise<BlueSession[]> {
  return (await rows(conn, SESSIONS_SQL, [COMMENTS])).map((r) => ({
    id: Number(r.id ?? 0),
    user: String(r.user ?? ''),
    host: String(r.host ?? ''),
    db: String(r.db ?? ''),
    time: Number(r.time ?? 0),
    state: String(r.state ?? ''),
    verb: String(r.verb ?? ''),
  }))
}

/** Whether the current user holds PROCESS globally (needed to see other users' sessions). */
export async function hasProcessPrivilege(conn: Queryable): Promise<boolean> {
  const found = await rows(
    conn,
    `SELECT COUNT(*) AS n FROM information_schema.USER_PRIVILEGES
     WHERE PRIVILEGE_TYPE = 'PROCESS'
       AND GRANTEE = CONCAT('''', SUBSTRING_INDEX(CURRENT_USER(), '@', 1), '''@''', SUBSTRING_INDEX(CURRENT_USER(), '@', -1), '''')`,
  )
  return Number(found[0]?.n ?? 0) > 0
}

const isMetadataLockWait = (s: BlueSession): boolean => /metadata lock/i.test(s.state)

function who(s: BlueSession): string {
  return `connection ${s.id}${s.user ? ` of ${s.user}${s.host ? `@${s.host.replace(/:\d+$/, '')}` : ''}` : ''}${s.db ? ` on ${s.db}` : ''}`
}

/**
 * DDL_RUNNING_ON_BLUE for every schema change running on blue, METADATA_LOCK_WAIT_ON_BLUE
 * for sessions queued behind a metadata lock, BLUE_ACTIVITY_UNVERIFIED when other sessions
 * cannot be seen. `subject` names blue (its identifier).
 */
export async function checkDdlOnBlue(conn: Queryable, subject: string): Promise<Finding[]> {
  const findings: Finding[] = []
  if (!(await hasProcessPrivilege(conn))) {
    findings.push(finding({
      code: 'BLUE_ACTIVITY_UNVERIFIED',
      subject,
      message: "The database user appears to lack the PROCESS privilege, so only its own sessions on blue are visible: schema changes and long transactions of other users could not be checked.",
    }))
  }
  const sessions = await readBlueSessions(conn)
  const waiting = sessions.filter(isMetadataLockWait)
  for (const s of sessions.filter((x) => DDL_VERBS.has(x.verb) && !isMetadataLockWait(x))) {
    findings.push(finding({
      code: 'DDL_RUNNING_ON_BLUE',
      subject: `${subject} connection ${s.id}`,
      message: `A ${s.verb} statement has been running on blue for ${s.time} s (${who(s)}, state "${s.state || 'executing'}"). RDS would wait for it after stopping writes, and the switchover would time out and roll back.`,
      remedy: `Let it finish (or stop it with CALL mysql.rds_kill_query(${s.id})), then run the switchover again. Schedule schema changes outside the switchover window.`,
    }))
  }
  if (waiting.length > 0) {
    const verbs = [...new Set(waiting.map((s) => s.verb || 'statement'))].join(', ')
    findings.push(finding({
      code: 'METADATA_LOCK_WAIT_ON_BLUE',
      subject,
      message: `${waiting.length} session${waiting.length === 1 ? '' : 's'} on blue wait for a metadata lock (${verbs}; longest ${Math.max(...waiting.map((s) => s.time))} s: ${waiting.slice(0, 5).map(who).join(', ')}): a schema change is queued behind an open transaction.`,
    }))
  }
  return findings
}
