// The Blue/Green limitations prepare reports from the API and the running server, each
// produced for real on the sandbox: a Secrets-Manager-managed master password, events
// running on blue (and green inheriting event_scheduler=ON), a target group whose
// lower_case_table_names differs, a target group with another binlog_format or that does not
// exist, a target input that does not apply, a major upgrade without a target group, and a
// parameter group left pending-reboot, which only a reboot (with allow-reboot) fixes.
import { ModifyDBParameterGroupCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { heartbeatRows } from '../helpers/green.js'
import { CallLog, rdsSnapshot, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('prepare: limitations', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders', parameterGroup: 'orders-params', managedMasterPassword: true },
      parameterGroups: [
        { name: 'orders-params', family: 'mysql8.0', values: { binlog_format: 'MIXED', event_scheduler: 'ON' } },
        { name: 'green-lctn', family: 'mysql8.0', values: { binlog_format: 'ROW', lower_case_table_names: '1' } },
      ],
      timings: { rebootMs: 50 },
      onCall: calls.record,
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })
  const codes = (findings: { code: string; level: string; subject: string }[]) => findings.map((f) => `${f.level} ${f.code} ${f.subject}`).sort()

  it('reports the limitations with a target group', async () => {
    const { report } = await runModeOnSandbox(sandbox, {
      mode: 'prepare', source: 'orders', 'target-db-parameter-group': 'green-lctn', 'target-db-cluster-parameter-group': 'green-cluster',
    })
    expect(codes(report.findings)).toEqual([
      'error LOWER_CASE_TABLE_NAMES_MISMATCH green-lctn',
      'error MANAGED_MASTER_PASSWORD orders',
      'error TARGET_INPUT_NOT_APPLICABLE target-db-cluster-parameter-group',
      'warning EVENT_SCHEDULER_OFF_ON_GREEN orders',
      'warning TARGET_BINLOG_FORMAT green-lctn',
    ])
    const f = (code: string) => report.findings.find((x) => x.code === code)!
    expect(f('MANAGED_MASTER_PASSWORD').remedy).toContain('aws rds modify-db-instance --db-instance-identifier orders --no-manage-master-user-password')
    expect(f('LOWER_CASE_TABLE_NAMES_MISMATCH').message).toContain('lower_case_table_names is 0 on orders but 1')
    expect(f('EVENT_SCHEDULER_OFF_ON_GREEN').message).toContain('Events run on orders (event_scheduler ON)')
    expect(f('TARGET_BINLOG_FORMAT').remedy).toContain("sets binlog_format=MIXED in green-lctn")
  })

  it('reports green inheriting event_scheduler=ON, a missing target group and a major upgrade without one', async () => {
    const inherit = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', 'target-engine-version': '8.4.3' })
    expect(codes(inherit.report.findings)).toEqual([
      'error EVENT_SCHEDULER_ON orders-params',
      'error MANAGED_MASTER_PASSWORD orders',
      'warning TARGET_PARAMETER_GROUP_UNSET orders',
    ])
    expect(inherit.report.findings.find((f) => f.code === 'EVENT_SCHEDULER_ON')?.remedy).toContain('set target-db-parameter-group to it')
    const missing = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', 'target-db-parameter-group': 'nope' })
    expect(missing.report.findings.find((f) => f.code === 'TARGET_PARAMETER_GROUP_NOT_FOUND')).toMatchObject({ level: 'error', subject: 'nope' })
  })

  it('a group pending-reboot: REBOOT_REQUIRED without allow-reboot (nothing changed), a reboot and a heartbeat with it', async () => {
    await rdsClient(sandbox).send(new ModifyDBParameterGroupCommand({
      DBParameterGroupName: 'orders-params',
      Parameters: [{ ParameterName: 'performance_schema', ParameterValue: '1', ApplyMethod: 'pending-reboot' }],
    }))
    expect(sandbox.instance('orders').parameterApplyStatus).toBe('pending-reboot')
    const before = rdsSnapshot(sandbox)
    let mark = calls.mark()
    const refused = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(rdsSnapshot(sandbox)).toEqual(before)
    expect(refused.report.findings.find((f) => f.code === 'PARAMETER_GROUP_PENDING_REBOOT')).toMatchObject({ level: 'error', subject: 'orders' })
    expect(refused.report.findings.find((f) => f.code === 'REBOOT_REQUIRED')?.message).toContain('needs a reboot of orders: orders has a parameter group pending-reboot.')

    mark = calls.mark()
    const rebooted = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true', 'allow-reboot': 'true' })
    expect(calls.mutatingSince(mark)).toEqual(['RebootDBInstance'])
    expect(sandbox.instance('orders').parameterApplyStatus).toBe('in-sync')
    expect(rebooted.report.findings.map((f) => f.code)).not.toContain('PARAMETER_GROUP_PENDING_REBOOT')
    expect(rebooted.summary).toContain('| Parameter groups in sync (no pending reboot) | 🔧 fixed (was PARAMETER_GROUP_PENDING_REBOOT) |')
    expect(await heartbeatRows(sandbox, 'orders')).toHaveLength(1)
  })
})
