// The checks of blue's running server, each on its own, against real servers behind the
// sandbox as the RDS master user (no SUPER, as on RDS): long-running transactions, binlog
// replication from elsewhere (an Aurora reader here is a real binlog replica), the running
// variables, tables without a primary key and MyISAM tables.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mysql2/promise'
import { Sandbox } from '../../sandbox/index.js'
import { checkExternalReplication } from '../../src/checks/blue/external-replication.js'
import { checkLongTransactions, readLongTransactions } from '../../src/checks/blue/long-transactions.js'
import { checkLiveBinlog, readServerState } from '../../src/checks/blue/server-state.js'
import { checkTables, readTableRisks } from '../../src/checks/blue/tables.js'

describe('live checks of blue', () => {
  let sandbox: Sandbox
  let conn: Connection
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'live' },
      cluster: { id: 'aurora-app', writerId: 'aurora-app-1', readers: 1, parameterGroup: 'aurora-binlog', sampleData: false },
      parameterGroups: [{ name: 'aurora-binlog', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'ROW' } }],
    })
    conn = await sandbox.connect({ instance: 'live' })
  })
  afterAll(async () => {
    await conn?.end()
    await sandbox?.stop()
  })

  it('reports a transaction open longer than the threshold, with its connection id, and not younger ones', async () => {
    const other = await sandbox.connect({ instance: 'live' })
    try {
      const [[{ id }]] = (await other.query('SELECT CONNECTION_ID() AS id')) as unknown as [[{ id: number }]]
      await other.query('BEGIN')
      await other.query("INSERT INTO app.users (email, name) VALUES ('long-trx@example.com', 'Long')")
      await new Promise((r) => setTimeout(r, 2100))
      const findings = await checkLongTransactions(conn, { thresholdSeconds: 1, subject: 'live' })
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({ level: 'warning', code: 'LONG_RUNNING_TRANSACTION', subject: `live connection ${id}` })
      expect(findings[0]!.message).toMatch(/open for [2-9] s/)
      expect(findings[0]!.remedy).toContain(`CALL mysql.rds_kill(${id})`)
      expect(await checkLongTransactions(conn, { thresholdSeconds: 30 })).toEqual([])
      // The switchover gate reports it under its own, blocking code.
      expect((await checkLongTransactions(conn, { thresholdSeconds: 1, code: 'LONG_TRANSACTION_ON_BLUE' }))[0]).toMatchObject({ level: 'error', code: 'LONG_TRANSACTION_ON_BLUE' })
      // The checking connection's own transaction is never reported.
      expect((await readLongTransactions(other, 1)).map((t) => t.threadId)).not.toContain(id)
      await other.query('ROLLBACK')
      // InnoDB refreshes its INNODB_TRX cache at most every 100 ms.
      await new Promise((r) => setTimeout(r, 200))
      expect(await checkLongTransactions(conn, { thresholdSeconds: 1 })).toEqual([])
    } finally {
      await other.end()
    }
  })

  it('finds a server that replicates from another (SOURCE_IS_REPLICA), and none on a primary', async () => {
    const reader = await sandbox.connect({ cluster: 'aurora-app', reader: true })
    try {
      const findings = await checkExternalReplication(reader, 'aurora-app-2')
      expect(findings).toEqual([expect.objectContaining({ level: 'error', code: 'SOURCE_IS_REPLICA', subject: 'aurora-app-2' })])
      expect(findings[0]!.message).toMatch(/is a binlog replica of 127\.0\.0\.1:\d+/)
    } finally {
      await reader.end()
    }
    expect(await checkExternalReplication(conn, 'live')).toEqual([])
  })

  it('reads the running variables and compares them with what the groups say', async () => {
    const state = await readServerState(conn)
    expect(state).toMatchObject({ logBin: true, binlogFormat: 'ROW', eventScheduler: 'OFF', lowerCaseTableNames: 0, readOnly: false })
    // The groups say MIXED but the server runs ROW: not applied yet.
    expect(checkLiveBinlog('live', state, { binlog: true, format: 'MIXED' }, 'MIXED').map((f) => f.code)).toEqual(['LIVE_BINLOG_FORMAT_MISMATCH'])
    expect(checkLiveBinlog('live', { ...state, logBin: false }, { binlog: true, format: 'MIXED' }, 'MIXED').map((f) => f.code)).toEqual(['LIVE_BINLOG_OFF'])
    // A wrong group is the group's finding, not the server's.
    expect(checkLiveBinlog('live', state, { binlog: true, format: 'ROW' }, 'MIXED')).toEqual([])
  })

  it('finds tables without a primary key and MyISAM tables in one query, listing the first ones and summing up the rest', async () => {
    await conn.query('CREATE DATABASE IF NOT EXISTS risky')
    for (let i = 0; i < 4; i++) await conn.query(`CREATE TABLE risky.nopk_${i} (v INT) ENGINE=InnoDB`)
    await conn.query('CREATE TABLE risky.old (id INT PRIMARY KEY) ENGINE=MyISAM')
    await conn.query('CREATE TABLE risky.ok (id INT PRIMARY KEY) ENGINE=InnoDB')
    const risks = await readTableRisks(conn)
    expect(risks.map((r) => `${r.schema}.${r.table}`).filter((t) => t.startsWith('risky.'))).toEqual(['risky.nopk_0', 'risky.nopk_1', 'risky.nopk_2', 'risky.nopk_3', 'risky.old'])
    const findings = await checkTables(conn, { listed: 2 })
    expect(findings.map((f) => `${f.code} ${f.subject}`)).toEqual([
      'TABLE_WITHOUT_PRIMARY_KEY risky.nopk_0',
      'TABLE_WITHOUT_PRIMARY_KEY risky.nopk_1',
      'TABLE_WITHOUT_PRIMARY_KEY 2 more tables',
      'MYISAM_TABLE risky.old',
    ])
    expect(findings[3]!.remedy).toBe('Convert it on blue before create: ALTER TABLE `risky`.`old` ENGINE=InnoDB;')
  })
})
