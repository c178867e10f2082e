// MySQL 8.0.22+ names SHOW REPLICA STATUS columns Replica_*/Source_*; the sandbox runs
// MariaDB (Slave_*/Master_*, covered by test/integration/topology.test.ts), so the MySQL
// shape is given here as a literal row: a shape the sandbox cannot produce.
import { describe, expect, it } from '@jest/globals'
import { normaliseReplicaStatus, readReplicaStatus, replicationHealthy } from '../../src/db/replica-status.js'

const mysqlRow = {
  Replica_IO_Running: 'No',
  Replica_SQL_Running: 'Yes',
  Seconds_Behind_Source: null,
  Last_IO_Errno: 13114,
  Last_IO_Error: "Got fatal error 1236 from source when reading data from binary log: 'Could not find first log file name in binary log index file'",
  Last_SQL_Errno: 0,
  Last_SQL_Error: '',
  Source_Host: '10.0.0.5',
  Source_Port: 3306,
  Source_Log_File: 'mysql-bin-changelog.000002',
  Read_Source_Log_Pos: 157,
  Relay_Source_Log_File: 'mysql-bin-changelog.000002',
  Exec_Source_Log_Pos: 157,
  Replica_SQL_Running_State: 'Replica has read all relay log; waiting for more updates',
}

describe('replica status', () => {
  it('reads MySQL 8 column names', () => {
    const s = normaliseReplicaStatus(mysqlRow)
    expect(s).toMatchObject({ ioRunning: 'No', sqlRunning: 'Yes', secondsBehind: null, lastIoErrno: 13114, sourcePort: 3306, readSourceLogPos: 157 })
    expect(replicationHealthy(s)).toBe(false)
  })

  it('falls back to SHOW SLAVE STATUS where SHOW REPLICA STATUS is a syntax error (MySQL < 8.0.22)', async () => {
    const asked: string[] = []
    const conn = {
      query: async (sql: string) => {
        asked.push(sql)
        if (sql === 'SHOW REPLICA STATUS') throw Object.assign(new Error('syntax'), { errno: 1064 })
        return [[{ Slave_IO_Running: 'Yes', Slave_SQL_Running: 'Yes', Seconds_Behind_Master: 0, Last_IO_Errno: 0, Last_SQL_Errno: 0 }], []]
      },
    }
    const s = await readReplicaStatus(conn as never)
    expect(asked).toEqual(['SHOW REPLICA STATUS', 'SHOW SLAVE STATUS'])
    expect(s && replicationHealthy(s)).toBe(true)
  })
})
