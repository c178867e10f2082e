// verify on an Aurora MySQL cluster with a reader: green is a cluster, checked through its
// cluster (writer) endpoint; green members pending-reboot on their target cluster group are a
// warning until rebooted; after the switchover there is nothing left to verify.
import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterParameterGroupCommand,
  DescribeDBClustersCommand,
  RebootDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, describeDeployment, useSandboxEndpoint, verifyContext, waitFor, type VerifyHarness } from '../helpers/sandbox-modes.js'

describe('verify: an Aurora MySQL cluster', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let id: string
  let greenCluster: string
  const harnesses: VerifyHarness[] = []
  const context = () => {
    const h = verifyContext(sandbox, { source: 'aurora-app' })
    harnesses.push(h)
    return h.ctx
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: false,
      parameterGroups: [{ name: 'aurora-binlog', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'MIXED' } }],
      cluster: { id: 'aurora-app', readers: 1, parameterGroup: 'aurora-binlog' },
      timings: { taskMs: 50, rebootMs: 50, replicationPollMs: 100, switchover: { readOnlyMs: 100, unavailableMs: 100, unavailableMode: 'refuse', postProcessingMs: 100 } },
    })
    restore = useSandboxEndpoint(sandbox)
    rds = context().rds
    await rds.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-target', DBParameterGroupFamily: 'aurora-mysql8.0', Description: 'target' }))
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'aurora-upgrade',
      Source: sandbox.state.arn('cluster', 'aurora-app'), TargetDBClusterParameterGroupName: 'aurora-target' }))
    id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const d = await waitFor(() => describeDeployment(rds, id), (x) => x.Status === 'AVAILABLE')
    greenCluster = d.Target!.split(':').pop()!
  })
  afterAll(async () => {
    for (const h of harnesses) h.close()
    restore?.()
    await sandbox?.stop()
  })

  it('green members pending-reboot: a warning each; replication and the marker checked through the cluster endpoint', async () => {
    const report = await runMode(context())
    const green = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: greenCluster }))).DBClusters![0]!
    const members = green.DBClusterMembers!.map((m) => m.DBInstanceIdentifier!).sort()
    expect(report.findings.filter((f) => f.level !== 'info').map((f) => `${f.level} ${f.code} ${f.subject}`).sort())
      .toEqual(members.map((m) => `warning GREEN_PENDING_REBOOT ${m}`))
    expect(report.findings[0]?.message).toContain('aurora-target is pending-reboot')
    expect(report.verdict.ok).toBe(true)
    expect(report.outputs['green-endpoint']).toBe(`${green.Endpoint}:${green.Port}`)
    expect(report.outputs['green-identifiers']?.split(',').sort()).toEqual([greenCluster, ...members].sort())
    expect(Number(report.outputs['replica-lag-ms'])).toBeGreaterThanOrEqual(0)
  })

  it('rebooted: ready without findings', async () => {
    const green = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: greenCluster }))).DBClusters![0]!
    for (const m of green.DBClusterMembers!) await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: m.DBInstanceIdentifier! }))
    await waitFor(async () => (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: greenCluster }))).DBClusters![0]!,
      (c) => c.DBClusterMembers!.every((m) => m.DBClusterParameterGroupStatus === 'in-sync'))
    const report = await waitFor(() => runMode(context()), (r) => r.findings.every((f) => f.level === 'info'), 10_000)
    expect(report.verdict.ok).toBe(true)
  })

  it('after the switchover: not ready, nothing left to verify, cleanup is next', async () => {
    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
    await waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'SWITCHOVER_COMPLETED')
    const report = await runMode(context())
    expect(codes(report.findings)).toEqual(['DEPLOYMENT_NOT_AVAILABLE'])
    expect(report.findings[0]?.message).toContain('The deployment is SWITCHOVER_COMPLETED, not AVAILABLE')
    expect(report.findings[0]?.remedy).toContain('Run cleanup')
    expect(report.outputs).toMatchObject({ ready: 'false', status: 'SWITCHOVER_COMPLETED', 'deployment-id': id })
    expect(report.actions).toEqual([])
  })
})
