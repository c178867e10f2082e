// The checks of blue's running server, each on its own, against a real server behind the
// sandbox as the RDS master user (no SUPER, as on RDS): long-running transactions.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mysql2/promise'
import { Sandbox } from '../../sandbox/index.js'
import { checkLongTransactions, readLongTransactions } from '../../src/checks/blue/long-transactions.js'

describe('live checks of blue', () => {
  let sandbox: Sandbox
  let conn: Connection
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'live' } })
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
      // The gate can make it blocking.
      expect((await checkLongTransactions(conn, { thresholdSeconds: 1, level: 'error' }))[0]?.level).toBe('error')
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
})
