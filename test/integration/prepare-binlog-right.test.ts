// prepare on an RDS for MySQL instance that is already right (backups on, a custom group with
// binlog_format=MIXED, in sync): even with apply and allow-reboot it makes no change at all
// (no mutating RDS call, no SQL write) and says blue is ready. The checks of the running
// server still find what they are meant to: a table without a primary key, a MyISAM table.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('prepare: binlog already right', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders', parameterGroup: 'orders-params' },
      parameterGroups: [{ name: 'orders-params', family: 'mysql8.0', values: { binlog_format: 'MIXED', max_connections: '200' } }],
      onCall: calls.record,
    })
    const conn = await sandbox.connect({ instance: 'orders' })
    await conn.query('CREATE TABLE app.audit_log (at DATETIME NOT NULL, message TEXT) ENGINE=InnoDB')
    await conn.query('CREATE TABLE app.legacy_counters (id INT PRIMARY KEY, n INT) ENGINE=MyISAM')
    await conn.end()
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('changes nothing, even with apply and allow-reboot, and reports blue ready with its table risks', async () => {
    const mark = calls.mark()
    const { report, summary } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true', 'allow-reboot': 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.actions).toEqual([])
    expect(report.verdict).toEqual({ ok: true, headline: 'prepare: orders is ready for create' })
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([])
    expect(report.findings.map((f) => [f.code, f.subject])).toEqual(
      expect.arrayContaining([
        ['TABLE_WITHOUT_PRIMARY_KEY', 'app.audit_log'],
        ['MYISAM_TABLE', 'app.legacy_counters'],
      ]),
    )
    // The heartbeat table is the action's own: prepare did not create it (nothing needed a write).
    const [tables] = await sandbox.server('orders').query<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rds_blue_green'")
    expect(Number(tables?.n)).toBe(0)
    expect(summary).toContain('| binlog_format MIXED in the DB parameter group | ✅ ok |')
    expect(summary).toContain('Run this action with `mode: create`')
    // Reads only: the instance, its group (one page), the deployment lookup by source and by target.
    expect(calls.since(mark).map((c) => c.action).sort()).toEqual(
      ['DescribeBlueGreenDeployments', 'DescribeBlueGreenDeployments', 'DescribeDBInstances', 'DescribeDBParameters'].sort(),
    )
  })
})
