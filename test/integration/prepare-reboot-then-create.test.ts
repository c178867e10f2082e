// The whole of seed 000 steps 1 to 4 on RDS for MySQL: backups off (no binlog) and the
// default group with the wrong binlog_format. prepare with allow-reboot turns backups on,
// creates and attaches a custom group, reboots blue (its binary log restarts empty), waits
// until it is available and in sync, and writes a heartbeat row; create then makes a green
// that replicates without error 1236.
import { DescribeEventsCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { replicationHealthy } from '../../src/db/replica-status.js'
import { greenReplication, heartbeatRows } from '../helpers/green.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('prepare with allow-reboot, then create', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop', backupRetention: 0 }, timings: { taskMs: 100, rebootMs: 50, modifyMs: 50 }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('prepare turns backups on, attaches a custom group, reboots and writes the heartbeat', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'shop', apply: 'true', 'allow-reboot': 'true', 'backup-retention-period': '7' })
    expect(report.verdict.ok).toBe(true)
    expect(calls.mutatingSince(mark)).toEqual(['ModifyDBInstance', 'CreateDBParameterGroup', 'ModifyDBParameterGroup', 'ModifyDBInstance', 'RebootDBInstance'])
    const instance = sandbox.instance('shop')
    expect([instance.backupRetention, instance.parameterGroup, instance.parameterApplyStatus, instance.status]).toEqual([7, 'shop-bluegreen', 'in-sync', 'available'])
    const [vars] = await sandbox.server('shop').query<{ log_bin: number; f: string }>('SELECT @@log_bin AS log_bin, @@binlog_format AS f')
    expect([Number(vars?.log_bin), vars?.f]).toEqual([1, 'MIXED'])
    expect(await heartbeatRows(sandbox, 'shop')).toHaveLength(1)
    // The reboot is on RDS's record too.
    const events = await rdsClient(sandbox).send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: 'shop', Duration: 60 }))
    expect(events.Events?.map((e) => e.Message)).toContain('DB instance restarted')
  })

  it('create makes a green that replicates without 1236 (the heartbeat row is there)', async () => {
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'shop' })
    expect(report.verdict.ok).toBe(true)
    // The binlog holds the heartbeat, so create had nothing to write.
    expect(report.findings.map((f) => f.code)).not.toContain('HEARTBEAT_WRITTEN')
    const green = report.outputs['green-identifiers']!
    const status = await greenReplication(sandbox, green)
    expect(status?.lastIoErrno).toBe(0)
    expect(status && replicationHealthy(status)).toBe(true)
    expect(await heartbeatRows(sandbox, green)).toHaveLength(1)
  })
})
