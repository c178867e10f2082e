// SHOW REPLICA STATUS, read the same way on MySQL 8.0/8.4, Aurora MySQL 3 and MariaDB 10.11.
// MySQL 8.0.22+ names the columns Replica_*/Source_*; MariaDB (and older MySQL, via
// SHOW SLAVE STATUS) names them Slave_*/Master_*. Errors are numbers (1236, 1062...),
// never matched by their text.
import { ER, errno } from './errno.js'
import type { Queryable } from './sql.js'

export interface ReplicaStatus {
  ioRunning: 'Yes' | 'No' | 'Connecting' | string
  sqlRunning: 'Yes' | 'No' | string
  /** Null while a thread is stopped (the server cannot tell). */
  secondsBehind: number | null
  lastIoErrno: number
  lastIoError: string
  lastSqlErrno: number
  lastSqlError: string
  sourceHost: string
  sourcePort: number
  /** The source binlog file and position the IO thread has read up to. */
  sourceLogFile: string
  readSourceLogPos: number
  /** The source binlog file and position the SQL thread has applied up to. */
  execSourceLogFile: string
  execSourceLogPos: number
  sqlRunningState: string
}

type Row = Record<string, unknown>

function pick(row: Row, ...names: string[]): unknown {
  for (const name of names) if (name in row) return row[name]
  return undefined
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
const num = (v: unknown): number => (v === null || v === undefined || v === '' ? 0 : Number(v))

/** Normalises one row of SHOW REPLICA STATUS / SHOW SLAVE STATUS from either dialect. */
export function normaliseReplicaStatus(row: Row): ReplicaStatus {
  const behind = pick(row, 'Seconds_Behind_Source', 'Seconds_Behind_Master')
  return {
    ioRunning: text(pick(row, 'Replica_IO_Running', 'Slave_IO_Running')),
    sqlRunning: text(pick(row, 'Replica_SQL_Running', 'Slave_SQL_Running')),
    secondsBehind: behind === null || behind === undefined ? null : Number(behind),
    lastIoErrno: num(pick(row, 'Last_IO_Errno')),
    lastIoError: text(pick(row, 'Last_IO_Error')),
    lastSqlErrno: num(pick(row, 'Last_SQL_Errno')),
    lastSqlError: text(pick(row, 'Last_SQL_Error')),
    sourceHost: text(pick(row, 'Source_Host', 'Master_Host')),
    sourcePort: num(pick(row, 'Source_Port', 'Master_Port')),
    sourceLogFile: text(pick(row, 'Source_Log_File', 'Master_Log_File')),
    readSourceLogPos: num(pick(row, 'Read_Source_Log_Pos', 'Read_Master_Log_Pos')),
    execSourceLogFile: text(pick(row, 'Relay_Source_Log_File', 'Relay_Master_Log_File')),
    execSourceLogPos: num(pick(row, 'Exec_Source_Log_Pos', 'Exec_Master_Log_Pos')),
    sqlRunningState: text(pick(row, 'Replica_SQL_Running_State', 'Slave_SQL_Running_State')),
  }
}


/** The server's replica status, or undefined when it is not a replica. */
export async function readReplicaStatus(conn: Queryable): Promise<ReplicaStatus | undefined> {
  let rows: Row[]
  try {
    ;[rows] = (await conn.query('SHOW REPLICA STATUS')) as unknown as [Row[]]
  } catch (error) {
    // MySQL before 8.0.22 and Aurora MySQL 2 only know SHOW SLAVE STATUS.
    if (errno(error) !== ER.PARSE_ERROR) throw error
    ;[rows] = (await conn.query('SHOW SLAVE STATUS')) as unknown as [Row[]]
  }
  const row = rows[0]
  return row ? normaliseReplicaStatus(row) : undefined
}

/** Both threads running and no error recorded. */
export function replicationHealthy(status: ReplicaStatus): boolean {
  return status.ioRunning === 'Yes' && status.sqlRunning === 'Yes' && status.lastIoErrno === 0 && status.lastSqlErrno === 0
}
