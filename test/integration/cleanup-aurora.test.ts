// cleanup after an Aurora switchover, on the sandbox: the old blue is a cluster
// (aurora-app-old1) with a writer and a reader; delete-old deletes its instances (reader
// first), then the cluster with a final cluster snapshot that DescribeDBClusterSnapshots
// shows, then the deployment. The new cluster and its members are untouched.
import { DescribeDBClusterSnapshotsCommand, type RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, describeDeployment, modeContext, switchOver, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('cleanup after an Aurora switchover', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let close: () => void

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: false,
      parameterGroups: [{ name: 'aurora-binlog', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'ROW' } }],
      cluster: { id: 'aurora-app', readers: 1, parameterGroup: 'aurora-binlog' },
      timings: { taskMs: 50, deleteMs: 100, switchover: { readOnlyMs: 100, unavailableMs: 100, postProcessingMs: 50 } },
    })
    restore = useSandboxEndpoint(sandbox)
    const harness = modeContext(sandbox, 'cleanup')
    rds = harness.ctx.rds
    close = harness.close
  })
  afterAll(async () => {
    close?.()
    restore?.()
    await sandbox?.stop()
  })

  it('deletes the old blue cluster (instances, then the cluster with a final snapshot), then the deployment', async () => {
    const { id } = await createDeployment(sandbox, rds, 'aurora-app', { kind: 'cluster' })
    expect((await switchOver(rds, id)).Status).toBe('SWITCHOVER_COMPLETED')
    const newMembers = sandbox.cluster('aurora-app').members.map((m) => sandbox.instance(m).serverId)

    const harness = modeContext(sandbox, 'cleanup', { source: 'aurora-app', 'delete-old': 'true', 'final-snapshot-identifier': 'aurora-app-before-upgrade' })
    const report = await runMode(harness.ctx)
    harness.close()
    expect(report.verdict).toEqual({ ok: true, headline: `cleanup: deleted old blue aurora-app-old1; deleted deployment ${id}` })
    expect(codes(report.findings)).toEqual(['OLD_BLUE_DELETED', 'FINAL_SNAPSHOT_TAKEN', 'DEPLOYMENT_DELETED'])
    expect(report.actions?.map((a) => a.description)).toEqual([
      'DeleteDBInstance {"DBInstanceIdentifier":"aurora-app-instance-2-old1"}',
      'DeleteDBInstance {"DBInstanceIdentifier":"aurora-app-instance-1-old1"}',
      'DeleteDBCluster {"DBClusterIdentifier":"aurora-app-old1","FinalDBSnapshotIdentifier":"aurora-app-before-upgrade"}',
      `DeleteBlueGreenDeployment {"BlueGreenDeploymentIdentifier":"${id}","DeleteTarget":false}`,
    ])
    expect(sandbox.state.clusters.has('aurora-app-old1')).toBe(false)
    expect([...sandbox.state.instances.keys()].filter((k) => k.endsWith('-old1'))).toEqual([])
    const { DBClusterSnapshots } = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: 'aurora-app-old1' }))
    expect(DBClusterSnapshots?.map((s) => [s.DBClusterSnapshotIdentifier, s.Status])).toEqual([['aurora-app-before-upgrade', 'available']])
    await expect(describeDeployment(rds, id)).rejects.toMatchObject({ name: 'BlueGreenDeploymentNotFoundFault' })
    expect(sandbox.cluster('aurora-app').members.map((m) => sandbox.instance(m).serverId)).toEqual(newMembers)
  })
})
