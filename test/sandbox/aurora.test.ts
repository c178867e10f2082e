// Aurora MySQL: binlog from the cluster parameter group (OFF: creation refused with seed
// 000's message), the rds_*_configuration procedures, cluster (writer) and reader
// endpoints, a green cluster with the target cluster group pending-reboot (seed 000 step
// 4-2), and a switchover that moves both endpoints and renames the cluster and its members.
import {
  CreateBlueGreenDeploymentCommand,
  CreateDBClusterParameterGroupCommand,
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ModifyDBClusterParameterGroupCommand,
  RebootDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { errorOf, rdsClient, waitFor } from './helpers.js'

describe('Aurora MySQL with the default cluster group (binlog OFF)', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: false, cluster: { id: 'aurora-app' } })
  })
  afterAll(() => sandbox.stop())

  it('refuses a blue/green deployment with the error seed 000 met', async () => {
    const rds = rdsClient(sandbox)
    expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg', Source: sandbox.state.arn('cluster', 'aurora-app') }))))
      .toMatchObject({ code: 'SourceClusterNotSupportedFault', message: 'Blue Green Deployments requires cluster parameter group has binlog enabled.' })
  })

  it('offers mysql.rds_set_configuration / rds_show_configuration to the master user', async () => {
    const conn = await sandbox.connect({ cluster: 'aurora-app' })
    const show = async () => ((await conn.query('CALL mysql.rds_show_configuration()')) as unknown as [Record<string, unknown>[][]])[0][0]!
    expect((await show()).find((r) => r.name === 'binlog retention hours')).toMatchObject({ value: null })
    await conn.query("CALL mysql.rds_set_configuration('binlog retention hours', 24)")
    expect((await show()).find((r) => r.name === 'binlog retention hours')).toMatchObject({ value: '24' })
    await expect(conn.query("CALL mysql.rds_set_configuration('binlog retention hours', 99999)")).rejects.toThrow(/between 1 and 2160/)
    await conn.end()
  })

  it('deletes the cluster only once its instances are gone, with a final cluster snapshot', async () => {
    const rds = rdsClient(sandbox)
    expect(await errorOf(rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'aurora-app', SkipFinalSnapshot: true }))))
      .toMatchObject({ code: 'InvalidDBClusterStateFault' })
    expect(await errorOf(rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'aurora-app-instance-1', FinalDBSnapshotIdentifier: 'x' }))))
      .toMatchObject({ code: 'InvalidParameterCombination' })
    await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'aurora-app-instance-1' }))
    await waitFor(async () => (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: 'aurora-app' }))).DBClusters![0]!.DBClusterMembers!.length, (n) => n === 0)
    await rds.send(new DeleteDBClusterCommand({ DBClusterIdentifier: 'aurora-app', FinalDBSnapshotIdentifier: 'aurora-app-final' }))
    await waitFor(async () => (await rds.send(new DescribeDBClustersCommand({}))).DBClusters!.length, (n) => n === 0)
    const { DBClusterSnapshots } = await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterIdentifier: 'aurora-app' }))
    expect(DBClusterSnapshots!.map((s) => [s.DBClusterSnapshotIdentifier, s.Status])).toEqual([['aurora-app-final', 'available']])
    expect(readFileSync(sandbox.state.snapshots.get('aurora-app-final')!.file, 'utf8')).toContain('CREATE TABLE `users`')
  })
})

describe('Aurora MySQL blue/green with a reader', () => {
  let sandbox: Sandbox
  let rds: RDSClient
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: false,
      parameterGroups: [{ name: 'aurora-binlog', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'MIXED' } }],
      cluster: { id: 'aurora-app', readers: 1, parameterGroup: 'aurora-binlog' },
      timings: { taskMs: 50, rebootMs: 50, switchover: { readOnlyMs: 200, unavailableMs: 200, unavailableMode: 'refuse', postProcessingMs: 100 } },
    })
    rds = rdsClient(sandbox)
  })
  afterAll(() => sandbox.stop())

  const cluster = async (id: string) => (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters![0]!
  const serverId = async (target: { cluster: string; reader?: boolean }) => {
    const conn = await sandbox.connect(target)
    const [rows] = await conn.query('SELECT @@server_id AS id, @@read_only AS ro')
    await conn.end()
    return (rows as { id: number; ro: number }[])[0]!
  }

  it('serves the writer on the cluster endpoint and a replicating reader on the reader endpoint', async () => {
    const c = await cluster('aurora-app')
    expect(c.DBClusterMembers!.map((m) => [m.DBInstanceIdentifier, m.IsClusterWriter])).toEqual([['aurora-app-instance-1', true], ['aurora-app-instance-2', false]])
    expect(await serverId({ cluster: 'aurora-app' })).toEqual({ id: sandbox.instance('aurora-app-instance-1').serverId, ro: 0 })
    expect(await serverId({ cluster: 'aurora-app', reader: true })).toEqual({ id: sandbox.instance('aurora-app-instance-2').serverId, ro: 1 })
    const rows = await waitFor(() => sandbox.server('aurora-app-instance-2').query<{ n: number }>('SELECT COUNT(*) AS n FROM app.users'), (r) => r[0]?.n === 5, 5000)
    expect(rows[0]!.n).toBe(5)
  })

  it('creates a green cluster pending-reboot on the target group, then switches over both endpoints', async () => {
    await rds.send(new CreateDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-target', DBParameterGroupFamily: 'aurora-mysql8.0', Description: 'target' }))
    await rds.send(new ModifyDBClusterParameterGroupCommand({ DBClusterParameterGroupName: 'aurora-target',
      Parameters: [{ ParameterName: 'binlog_format', ParameterValue: 'ROW', ApplyMethod: 'pending-reboot' }] }))
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'aurora-upgrade',
      Source: sandbox.state.arn('cluster', 'aurora-app'), TargetEngineVersion: '8.0.mysql_aurora.3.08.0', TargetDBClusterParameterGroupName: 'aurora-target' }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const d = await waitFor(async () => (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!,
      (x) => x.Status === 'AVAILABLE')
    expect(d.Tasks!.map((t) => t.Name)).toEqual(['CREATING_READ_REPLICA_OF_SOURCE', 'DB_ENGINE_VERSION_UPGRADE', 'CREATE_DB_INSTANCES_FOR_CLUSTER', 'CREATE_CUSTOM_ENDPOINTS'])
    expect(d.SwitchoverDetails!.length).toBe(3)
    const greenCluster = d.Target!.split(':').pop()!
    expect(greenCluster).toMatch(/^aurora-app-green-[a-z0-9]{6}$/)
    const green = await cluster(greenCluster)
    expect(green).toMatchObject({ DBClusterParameterGroup: 'aurora-target', EngineVersion: '8.0.mysql_aurora.3.08.0' })
    expect(green.DBClusterMembers!.map((m) => m.DBClusterParameterGroupStatus)).toEqual(['pending-reboot', 'pending-reboot'])
    const greenWriter = green.DBClusterMembers!.find((m) => m.IsClusterWriter)!.DBInstanceIdentifier!
    expect(await serverId({ cluster: greenCluster })).toMatchObject({ ro: 1 })

    for (const m of green.DBClusterMembers!) await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: m.DBInstanceIdentifier! }))
    await waitFor(() => cluster(greenCluster), (c) => c.DBClusterMembers!.every((m) => m.DBClusterParameterGroupStatus === 'in-sync'))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-cluster-id', Values: [greenCluster] }] }))).DBInstances!,
      (list) => list.every((i) => i.DBInstanceStatus === 'available'))
    const [fmt] = await sandbox.server(greenWriter).query<{ f: string }>('SELECT @@binlog_format AS f')
    expect(fmt!.f).toBe('ROW')

    const greenWriterServerId = sandbox.instance(greenWriter).serverId
    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
    const done = await waitFor(async () => (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!,
      (x) => x.Status !== 'SWITCHOVER_IN_PROGRESS')
    expect(done).toMatchObject({ Status: 'SWITCHOVER_COMPLETED', Source: sandbox.state.arn('cluster', 'aurora-app-old1'), Target: sandbox.state.arn('cluster', 'aurora-app') })
    const clusters = (await rds.send(new DescribeDBClustersCommand({}))).DBClusters!.map((c) => c.DBClusterIdentifier).sort()
    expect(clusters).toEqual(['aurora-app', 'aurora-app-old1'])
    const old = await cluster('aurora-app-old1')
    expect(old.DBClusterMembers!.map((m) => m.DBInstanceIdentifier).sort()).toEqual(['aurora-app-instance-1-old1', 'aurora-app-instance-2-old1'])
    expect(await serverId({ cluster: 'aurora-app' })).toEqual({ id: greenWriterServerId, ro: 0 })
    const conn = await sandbox.connect({ cluster: 'aurora-app' })
    await conn.query("INSERT INTO app.users (email, name) VALUES ('after@example.com', 'After')")
    await conn.end()
    // The new reader follows the new writer.
    await waitFor(() => sandbox.server('aurora-app-instance-2').query<{ n: number }>("SELECT COUNT(*) AS n FROM app.users WHERE email = 'after@example.com'"),
      (r) => r[0]?.n === 1, 5000)
    expect((await serverId({ cluster: 'aurora-app', reader: true })).ro).toBe(1)
  })
})
