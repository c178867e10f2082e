// Seed 000 step 4-2 on Aurora: green gets a target DB cluster parameter group whose
// binlog_format (static) differs from blue's, so after creation green's members are
// pending-reboot. And a green member still in storage-optimization (a known cause of refused
// switchovers). create waits for the member to be available, reboots it (green, not
// production: no allow-reboot needed), and ends with green available and in sync, running
// the target group's settings.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('create: green pending-reboot and in storage-optimization', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: false,
      cluster: { id: 'aurora-app', writerId: 'aurora-app-writer', parameterGroup: 'aurora-app-params' },
      parameterGroups: [
        { name: 'aurora-app-params', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'ROW' } },
        { name: 'aurora-app-green', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'MIXED' } },
      ],
      timings: { taskMs: 100, rebootMs: 50 },
      onCall: calls.record,
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('waits out storage-optimization, reboots the pending-reboot green member, and ends in sync', async () => {
    sandbox.faults.storageOptimizationMs = 2500
    const mark = calls.mark()
    const { report, log } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'aurora-app', 'target-db-cluster-parameter-group': 'aurora-app-green' })
    expect(report.verdict.ok).toBe(true)
    const greenCluster = report.outputs['green-identifiers']!
    const greenWriter = sandbox.cluster(greenCluster).members[0]!
    expect(calls.mutatingSince(mark)).toEqual(['CreateBlueGreenDeployment', 'RebootDBInstance'])
    expect(report.actions?.[1]?.description).toBe(`RebootDBInstance {"DBInstanceIdentifier":"${greenWriter}"}`)
    expect(report.findings).toEqual([expect.objectContaining({ level: 'info', code: 'GREEN_REBOOTED', subject: greenWriter })])
    // It was seen in storage-optimization (and not rebooted then), then pending-reboot, then in sync.
    const seen = `waiting for green to be available and in sync: cluster available; ${greenWriter}: storage-optimization, pending-reboot (`
    expect(log.filter((l) => l.startsWith(seen))).toHaveLength(1)
    expect(sandbox.instance(greenWriter).clusterParameterGroupStatus).toBe('in-sync')
    expect(sandbox.cluster(greenCluster).parameterGroup).toBe('aurora-app-green')
    const [vars] = await sandbox.server(greenWriter).query<{ f: string }>('SELECT @@binlog_format AS f')
    expect(vars?.f).toBe('MIXED')
    expect(report.sections.find((s) => s.title === 'Green')?.markdown).toContain(`| ${greenWriter} | available | in sync | rebooted (pending-reboot) |`)
  })
})
