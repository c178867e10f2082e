// prepare on an RDS for MySQL instance using the default DB parameter group, whose
// binlog_format (ROW) is not the MIXED AWS recommends. A default group cannot be modified:
// prepare creates <source>-bluegreen, attaches it and reboots, which needs allow-reboot.
// Without it, the run stops with REBOOT_REQUIRED and the RDS model is exactly as before
// (instances, groups and their values); a dry run lists every call and changes nothing.
import { ListTagsForResourceCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { heartbeatRows } from '../helpers/green.js'
import { CallLog, rdsSnapshot, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('prepare: a default parameter group', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { rebootMs: 50, modifyMs: 50 }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })
  const prepare = (inputs: Record<string, string>) =>
    runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true', tags: 'team=payments,change=CHG-42', ...inputs })

  it('dry-run lists every call a real run would make and changes nothing', async () => {
    const before = rdsSnapshot(sandbox)
    const mark = calls.mark()
    const { report, summary } = await prepare({ 'allow-reboot': 'true', 'dry-run': 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(rdsSnapshot(sandbox)).toEqual(before)
    expect(report.dryRun).toBe(true)
    expect(report.actions?.map((a) => [a.description.split(' ')[0], a.outcome])).toEqual([
      ['CreateDBParameterGroup', 'skipped'],
      ['ModifyDBParameterGroup', 'skipped'],
      ['ModifyDBInstance', 'skipped'],
      ['RebootDBInstance', 'skipped'],
      ['SQL', 'skipped'],
    ])
    expect(report.verdict.headline).toBe('prepare (dry run): orders: 5 changes would be made; 1 blocking finding (BINLOG_FORMAT_MISMATCH)')
    expect(summary).toContain('**Calls a real run would make**')
    expect(summary).toContain('dry run: nothing was changed')
    // The report says only what would be done: nothing on the timeline claims a change, and
    // every finding about the changes says "would".
    expect(report.timeline.map((e) => e.label).filter((l) => /\b(created|attached|rebooted|reboot of|written|turned on)\b/i.test(l))).toEqual([])
    for (const f of report.findings.filter((x) => /heartbeat|reboot/i.test(x.message))) expect(f.message).not.toMatch(/\b(was|were) (written|rebooted|created)\b/)
  })

  it('without allow-reboot stops with REBOOT_REQUIRED, naming what needs it and how to allow it, having changed nothing', async () => {
    const before = rdsSnapshot(sandbox)
    const mark = calls.mark()
    const { report } = await prepare({})
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.actions).toEqual([])
    expect(rdsSnapshot(sandbox)).toEqual(before)
    expect(report.verdict).toEqual({ ok: false, headline: 'prepare: orders is not ready for create: 2 blocking findings (BINLOG_FORMAT_MISMATCH, REBOOT_REQUIRED)' })
    const reboot = report.findings.find((f) => f.code === 'REBOOT_REQUIRED')
    expect(reboot?.message).toContain('needs a reboot of orders: create DB parameter group orders-bluegreen (a copy of default.mysql8.0 with binlog_format=MIXED) and attach it')
    expect(reboot?.message).toContain('It changed nothing.')
    expect(reboot?.remedy).toContain('apply: true and allow-reboot: true')
    expect(report.findings.find((f) => f.code === 'DEFAULT_PARAMETER_GROUP')).toMatchObject({ level: 'warning', subject: 'default.mysql8.0' })
    expect(report.sections.find((s) => s.title === 'Next step')?.markdown).toBe(reboot?.remedy)
  })

  it('with allow-reboot creates a tagged custom group, attaches it, reboots, writes a heartbeat; blue runs MIXED', async () => {
    const mark = calls.mark()
    const { report, summary } = await prepare({ 'allow-reboot': 'true' })
    expect(report.verdict).toEqual({ ok: true, headline: 'prepare: orders is ready for create (5 changes made)' })
    expect(calls.mutatingSince(mark)).toEqual(['CreateDBParameterGroup', 'ModifyDBParameterGroup', 'ModifyDBInstance', 'RebootDBInstance'])
    const instance = sandbox.instance('orders')
    expect(instance.parameterGroup).toBe('orders-bluegreen')
    expect(instance.parameterApplyStatus).toBe('in-sync')
    const group = sandbox.state.parameterGroups.get('orders-bluegreen')!
    expect(group.family).toBe('mysql8.0')
    expect([...group.values.entries()]).toEqual([['binlog_format', 'MIXED']])
    expect(group.description).toContain('created by rds-blue-green prepare: a copy of default.mysql8.0 with binlog_format=MIXED')
    const tags = await rdsClient(sandbox).send(new ListTagsForResourceCommand({ ResourceName: sandbox.state.arn('pg', 'orders-bluegreen') }))
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'payments' }, { Key: 'change', Value: 'CHG-42' }, { Key: 'managed-by', Value: 'rds-blue-green' }])
    const [vars] = await sandbox.server('orders').query<{ f: string }>('SELECT @@binlog_format AS f')
    expect(vars?.f).toBe('MIXED')
    expect(await heartbeatRows(sandbox, 'orders')).toHaveLength(1)
    expect(report.findings.find((f) => f.code === 'HEARTBEAT_WRITTEN')?.message).toMatch(/^orders was rebooted/)
    expect(summary).toContain('🔧 fixed (was BINLOG_FORMAT_MISMATCH)')
    expect(report.timeline.map((e) => e.label)).toEqual(
      expect.arrayContaining(['created DB parameter group orders-bluegreen', 'reboot of orders started', 'orders available and in sync after its reboot', 'heartbeat row written on blue']),
    )
  })

  it('a second run changes nothing', async () => {
    const mark = calls.mark()
    const { report } = await prepare({ 'allow-reboot': 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.verdict).toEqual({ ok: true, headline: 'prepare: orders is ready for create' })
  })
})
