// prepare on an RDS for MySQL instance with automated backups off, so no binary log. Reported
// with the input that fixes it; turned on only when backup-retention-period asks (no reboot
// of ours: RDS restarts the binlog itself), and then a heartbeat row is written because the
// binary log was just started: the deployment created next replicates without error 1236.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { replicationHealthy } from '../../src/db/replica-status.js'
import { greenReplication, heartbeatRows } from '../helpers/green.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('prepare: RDS for MySQL with backups off', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'legacy', backupRetention: 0 }, timings: { taskMs: 50, modifyMs: 50, rebootMs: 50 }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('reports BACKUPS_DISABLED with the input that fixes it, and changes nothing without backup-retention-period', async () => {
    for (const apply of ['false', 'true']) {
      const mark = calls.mark()
      const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'legacy', 'binlog-format': 'ROW', apply, 'allow-reboot': apply })
      expect(calls.mutatingSince(mark)).toEqual([])
      expect(report.verdict.ok).toBe(false)
      const backups = report.findings.find((f) => f.code === 'BACKUPS_DISABLED')
      expect(backups).toMatchObject({ level: 'error', subject: 'legacy' })
      expect(backups?.remedy).toContain('backup-retention-period')
      expect(backups?.remedy).toContain('aws rds modify-db-instance --db-instance-identifier legacy --backup-retention-period 7 --apply-immediately')
    }
    expect(sandbox.instance('legacy').backupRetention).toBe(0)
  })

  it('with backup-retention-period turns backups on without a reboot and writes a heartbeat row', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, {
      mode: 'prepare', source: 'legacy', 'binlog-format': 'ROW', apply: 'true', 'backup-retention-period': '3',
    })
    expect(report.verdict).toEqual({ ok: true, headline: 'prepare: legacy is ready for create (2 changes made)' })
    expect(calls.mutatingSince(mark)).toEqual(['ModifyDBInstance'])
    expect(report.actions?.map((a) => a.description.split(' ')[0])).toEqual(['ModifyDBInstance', 'SQL'])
    expect(report.actions?.[0]?.description).toBe('ModifyDBInstance {"DBInstanceIdentifier":"legacy","BackupRetentionPeriod":3,"ApplyImmediately":true}')
    expect(report.findings.find((f) => f.code === 'HEARTBEAT_WRITTEN')?.message).toMatch(/^Binary logging was just turned on/)
    expect(sandbox.instance('legacy').backupRetention).toBe(3)
    const [vars] = await sandbox.server('legacy').query<{ log_bin: number }>('SELECT @@log_bin AS log_bin')
    expect(Number(vars?.log_bin)).toBe(1)
    expect(await heartbeatRows(sandbox, 'legacy')).toHaveLength(1)
  })

  it('a second run finds nothing to do', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'legacy', 'binlog-format': 'ROW', apply: 'true', 'backup-retention-period': '3' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.actions).toEqual([])
    expect(report.verdict).toEqual({ ok: true, headline: 'prepare: legacy is ready for create' })
  })

  it('create then replicates without error 1236', async () => {
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'legacy' })
    expect(report.outputs.status).toBe('AVAILABLE')
    const status = await greenReplication(sandbox, report.outputs['green-identifiers']!)
    expect(status?.lastIoErrno).toBe(0)
    expect(status && replicationHealthy(status)).toBe(true)
  })
})
