// The parts of the green checks that take shapes the sandbox (MariaDB 10.11) cannot produce:
// MySQL 8's error texts for 1062 (the sandbox's real MariaDB texts are covered by
// test/integration/verify-seed-003.test.ts), deployment states such as MISSING_TARGET, and
// Seconds_Behind_Source NULL with both threads running.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { describe, expect, it } from '@jest/globals'
import { checkDeploymentState, checkReplicaLag, parseDuplicateKeyError, replicationErrorEvents } from '../../../src/checks/green/index.js'
import type { ReplicaStatus } from '../../../src/db/replica-status.js'

describe('parseDuplicateKeyError', () => {
  it("reads seed 003's MySQL 8 statement error: key as table.key, schema from the default database", () => {
    const text =
      "Worker 1 failed executing transaction 'ANONYMOUS' at source log mysql-bin-changelog.028833, end_log_pos 64316; Error 'Duplicate entry '10219' for key 'books.PRIMARY'' on query. Default database: 'database_production'. Query: 'INSERT INTO `books` (`client_id`, `name`) VALUES (1, 'x')'"
    expect(parseDuplicateKeyError(text)).toEqual({ value: '10219', key: 'PRIMARY', schema: 'database_production', table: 'books' })
  })

  it('reads MySQL 8 and MariaDB row events (on table schema.table)', () => {
    expect(parseDuplicateKeyError("Could not execute Write_rows event on table app.books; Duplicate entry '10219' for key 'books.PRIMARY', Error_code: 1062; handler error HA_ERR_FOUND_DUPP_KEY; the event's source log mysql-bin-changelog.000002, end_log_pos 1234"))
      .toEqual({ value: '10219', key: 'PRIMARY', schema: 'app', table: 'books' })
    expect(parseDuplicateKeyError("Could not execute Write_rows_v1 event on table app.users; Duplicate entry 'o'brien@example.com' for key 'email', Error_code: 1062"))
      .toEqual({ value: "o'brien@example.com", key: 'email', schema: 'app', table: 'users' })
  })

  it('reads a qualified, quoted table from the query and keeps composite values whole', () => {
    expect(parseDuplicateKeyError("Error 'Duplicate entry '7-3' for key 'PRIMARY'' on query. Default database: ''. Query: 'insert ignore into `shop`.`order_lines` (order_id, line) values (7, 3)'"))
      .toEqual({ value: '7-3', key: 'PRIMARY', schema: 'shop', table: 'order_lines' })
  })

  it('returns undefined for a text without a duplicate entry (the MySQL coordinator message)', () => {
    expect(parseDuplicateKeyError('Coordinator stopped because there were error(s) in the worker(s). The most recent failure being: Worker 1 failed executing transaction')).toBeUndefined()
  })
})

describe('checkDeploymentState', () => {
  const base: BlueGreenDeployment = {
    BlueGreenDeploymentIdentifier: 'bgd-abc',
    BlueGreenDeploymentName: 'orders-bg',
    Status: 'AVAILABLE',
    SwitchoverDetails: [
      { SourceMember: 'arn:aws:rds:us-east-1:123456789012:db:orders', TargetMember: 'arn:aws:rds:us-east-1:123456789012:db:orders-green-abcdef', Status: 'AVAILABLE' },
    ],
  }

  it('AVAILABLE with every pair AVAILABLE: nothing', () => {
    expect(checkDeploymentState(base)).toEqual([])
  })

  it('a pair MISSING_TARGET blocks and says to recreate', () => {
    const [finding, ...rest] = checkDeploymentState({ ...base, SwitchoverDetails: [{ ...base.SwitchoverDetails![0]!, Status: 'MISSING_TARGET' }] })
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ level: 'error', code: 'SWITCHOVER_DETAIL_NOT_AVAILABLE', subject: 'orders -> orders-green-abcdef' })
    expect(finding?.remedy).toContain('create it again')
  })

  it('INVALID_CONFIGURATION carries StatusDetails', () => {
    const [finding] = checkDeploymentState({ ...base, Status: 'INVALID_CONFIGURATION', StatusDetails: 'lower_case_table_names differs' })
    expect(finding).toMatchObject({ code: 'DEPLOYMENT_NOT_AVAILABLE', subject: 'bgd-abc (orders-bg)' })
    expect(finding?.message).toContain('StatusDetails: lower_case_table_names differs.')
  })
})

describe('checkReplicaLag', () => {
  const running: ReplicaStatus = {
    ioRunning: 'Yes', sqlRunning: 'Yes', secondsBehind: null, lastIoErrno: 0, lastIoError: '', lastSqlErrno: 0, lastSqlError: '',
    sourceHost: 'h', sourcePort: 3306, sourceLogFile: 'f', readSourceLogPos: 4, execSourceLogFile: 'f', execSourceLogPos: 4, sqlRunningState: '',
  }
  it('NULL seconds behind with both threads running is unknown, not zero', () => {
    expect(checkReplicaLag({ status: running }, 5000, 'g').map((f) => f.code)).toEqual(['REPLICATION_LAG_UNKNOWN'])
  })
  it('seconds behind against max-replica-lag; a measured lag wins', () => {
    expect(checkReplicaLag({ status: { ...running, secondsBehind: 6 } }, 5000, 'g').map((f) => f.code)).toEqual(['REPLICATION_LAG_HIGH'])
    expect(checkReplicaLag({ status: { ...running, secondsBehind: 5 } }, 5000, 'g')).toEqual([])
    expect(checkReplicaLag({ status: { ...running, secondsBehind: 6 }, measuredMs: 40 }, 5000, 'g')).toEqual([])
  })
})

describe('replicationErrorEvents', () => {
  it('reads the thread and error number of RDS replication error events', () => {
    const at = 0
    expect(replicationErrorEvents([
      { at, sourceType: 'db-instance', source: 'g', categories: ['failure'], message: "Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'" },
      { at, sourceType: 'db-instance', source: 'g', categories: ['availability'], message: 'DB instance restarted' },
    ])).toEqual([{ at, source: 'g', thread: 'IO', errno: 1236, reason: "Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'" }])
  })
})
