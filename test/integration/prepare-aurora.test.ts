// prepare on an Aurora MySQL cluster with the default DB cluster parameter group, where
// binlog_format is OFF: no binary log (seed 000 step 1: "requires cluster parameter group
// has binlog enabled"). binlog_format is static on Aurora, so the custom cluster group is
// attached with ModifyDBCluster and the writer rebooted; then the heartbeat, and create
// makes a green cluster that replicates without 1236.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { replicationHealthy } from '../../src/db/replica-status.js'
import { greenReplication, heartbeatRows } from '../helpers/green.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('prepare: an Aurora MySQL cluster', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: false, cluster: { id: 'aurora-app', writerId: 'aurora-app-writer' }, timings: { taskMs: 100, rebootMs: 50 }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('reports the binlog off in the default cluster group (report only: no change)', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'aurora-app' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.findings.find((f) => f.code === 'BINLOG_DISABLED')).toMatchObject({ level: 'error', subject: 'default.aurora-mysql8.0' })
    expect(report.findings.find((f) => f.code === 'BINLOG_DISABLED')?.remedy).toContain('creates DB cluster parameter group aurora-app-bluegreen')
    expect(report.findings.find((f) => f.code === 'DEFAULT_PARAMETER_GROUP')).toBeDefined()
    expect(report.sections.find((s) => s.title === 'Next step')?.markdown).toContain('`apply: true`')
    // Without database credentials the Checks table has the same rows, the live ones marked skipped.
    const rows = (r: typeof report) => (r.sections.find((s) => s.title === 'Checks')?.markdown ?? '').split('\n').slice(2).map((l) => l.split(' | ')[0])
    const without = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'aurora-app', 'db-user': '' })
    expect(rows(without.report)).toEqual(rows(report))
    expect(rows(report)).toEqual(expect.arrayContaining(["| Aurora 'binlog retention hours' set", '| Not a replica of an external database']))
    expect(without.report.sections.find((s) => s.title === 'Checks')?.markdown).toContain("| Aurora 'binlog retention hours' set | ⏭️ skipped: no database credentials |")
  })

  it('with apply and allow-reboot: custom cluster group with binlog_format ROW, writer rebooted, heartbeat', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'aurora-app', apply: 'true', 'allow-reboot': 'true' })
    expect(report.verdict.ok).toBe(true)
    expect(calls.mutatingSince(mark)).toEqual(['CreateDBClusterParameterGroup', 'ModifyDBClusterParameterGroup', 'ModifyDBCluster', 'RebootDBInstance'])
    expect(report.actions?.[1]?.description).toContain('"ParameterName":"binlog_format","ParameterValue":"ROW","ApplyMethod":"pending-reboot"')
    expect(sandbox.cluster('aurora-app').parameterGroup).toBe('aurora-app-bluegreen')
    expect(sandbox.instance('aurora-app-writer').clusterParameterGroupStatus).toBe('in-sync')
    const [vars] = await sandbox.server('aurora-app-writer').query<{ log_bin: number; f: string }>('SELECT @@log_bin AS log_bin, @@binlog_format AS f')
    expect([Number(vars?.log_bin), vars?.f]).toEqual([1, 'ROW'])
    expect(await heartbeatRows(sandbox, 'aurora-app-writer')).toHaveLength(1)
    // Aurora's binlog retention is left NULL by default: a warning with the procedure to call.
    expect(report.findings.find((f) => f.code === 'BINLOG_RETENTION_UNSET')?.remedy).toContain("CALL mysql.rds_set_configuration('binlog retention hours', 24)")
  })

  it('create makes a green cluster that replicates without 1236', async () => {
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'aurora-app' })
    expect(report.verdict.ok).toBe(true)
    expect(report.outputs['green-identifiers']).toMatch(/^aurora-app-green-[a-z0-9]{6}$/)
    const greenCluster = sandbox.cluster(report.outputs['green-identifiers']!)
    expect(report.outputs['green-endpoint']).toBe(`${greenCluster.writerProxy.host}:${greenCluster.writerProxy.port}`)
    const writer = greenCluster.members[0]!
    const status = await greenReplication(sandbox, writer)
    expect(status?.lastIoErrno).toBe(0)
    expect(status && replicationHealthy(status)).toBe(true)
  })
})
