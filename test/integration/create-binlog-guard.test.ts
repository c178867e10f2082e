// Seed 000's 1236 reached without prepare: backups (and with them the binary log) turned on
// by hand, no write since. create, given database credentials, finds that blue's binary log
// holds no transaction, writes one heartbeat row before creating, and green replicates
// without error. (test/sandbox/seed-000-1236.test.ts shows the same flow without the row
// ending in a real 1236.)
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { replicationHealthy } from '../../src/db/replica-status.js'
import { greenReplication, heartbeatRows } from '../helpers/green.js'
import { runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient, waitFor } from '../sandbox/helpers.js'

describe('create: a binary log without a transaction', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'legacy', backupRetention: 0 }, timings: { taskMs: 100, modifyMs: 50 } })
    const rds = rdsClient(sandbox)
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'legacy', BackupRetentionPeriod: 1, ApplyImmediately: true }))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'legacy' }))).DBInstances![0]!,
      (i) => i.DBInstanceStatus === 'available' && i.BackupRetentionPeriod === 1)
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('prepare (report only) calls it out as BINLOG_NO_WRITE_SINCE_RESTART', async () => {
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'legacy', 'binlog-format': 'ROW' })
    expect(report.findings.find((f) => f.code === 'BINLOG_NO_WRITE_SINCE_RESTART')).toMatchObject({ level: 'error', subject: 'legacy' })
    expect(report.actions).toEqual([])
  })

  it('create writes a heartbeat row first, and green replicates without 1236', async () => {
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'legacy' })
    expect(report.verdict.ok).toBe(true)
    expect(report.actions?.map((a) => a.description.split(' ')[0])).toEqual(['SQL', 'CreateBlueGreenDeployment'])
    expect(report.findings.find((f) => f.code === 'HEARTBEAT_WRITTEN')?.message).toContain("Blue's binary log held no transaction")
    expect((await heartbeatRows(sandbox, 'legacy'))[0]?.token).toMatch(/^create-/)
    const status = await greenReplication(sandbox, report.outputs['green-identifiers']!)
    expect(status?.lastIoErrno).toBe(0)
    expect(status && replicationHealthy(status)).toBe(true)
  })
})
