// A whole blue/green lifecycle on an RDS for MySQL instance through @aws-sdk/client-rds:
// start the sandbox, create (tasks progress, green is a read-only replica with the target
// version and class), switch over (renames, endpoint moves), delete the deployment and the
// old blue with a final snapshot, stop. Under 30 s, and nothing left behind.
import {
  CreateBlueGreenDeploymentCommand,
  CreateDBParameterGroupCommand,
  DescribeDBSnapshotsCommand,
  ModifyDBParameterGroupCommand,
  DeleteBlueGreenDeploymentCommand,
  DeleteDBInstanceCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  ListTagsForResourceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type BlueGreenDeployment,
} from '@aws-sdk/client-rds'
import { existsSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { isProcessAlive as alive } from '../../sandbox/servers/workspace.js'
import { errorOf, rdsClient, waitFor } from './helpers.js'


describe('blue/green lifecycle on RDS for MySQL', () => {
  it('create, switch over, delete and stop in under 30 s, leaving nothing behind', async () => {
    const started = Date.now()
    const sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 150 } })
    const pids = new Set<number>()
    try {
      const rds = rdsClient(sandbox)
      const source = sandbox.state.arn('db', 'orders')
      await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'lctn-1', DBParameterGroupFamily: 'mysql8.0', Description: 'lctn' }))
      await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'lctn-1',
        Parameters: [{ ParameterName: 'lower_case_table_names', ParameterValue: '1', ApplyMethod: 'pending-reboot' }] }))
      expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'lctn', Source: source, TargetDBParameterGroupName: 'lctn-1' }))))
        .toMatchObject({ code: 'SourceDatabaseNotSupportedFault' })
      expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'nogroup', Source: source, TargetDBParameterGroupName: 'nope' }))))
        .toMatchObject({ code: 'DBParameterGroupNotFound' })
      expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'nodb', Source: sandbox.state.arn('db', 'nope') }))))
        .toMatchObject({ code: 'DBInstanceNotFound' })
      const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'orders-upgrade', Source: source,
        TargetEngineVersion: '8.0.40', TargetDBInstanceClass: 'db.r6g.large', Tags: [{ Key: 'change', Value: 'CHG-1' }] }))
      const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
      expect(id).toMatch(/^bgd-[a-z0-9]{16}$/)
      expect(created.BlueGreenDeployment!.Status).toBe('PROVISIONING')
      const greenId = created.BlueGreenDeployment!.SwitchoverDetails![0]!.TargetMember!.split(':').pop()!
      expect(greenId).toMatch(/^orders-green-[a-z0-9]{6}$/)
      expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'again', Source: source }))))
        .toMatchObject({ code: 'BlueGreenDeploymentAlreadyExistsFault' })
      expect(await errorOf(rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))))
        .toMatchObject({ code: 'InvalidBlueGreenDeploymentStateFault' })
      expect(await errorOf(rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: 'bgd-nope' }))))
        .toMatchObject({ code: 'BlueGreenDeploymentNotFoundFault', status: 404 })

      const seen = new Set<string>()
      const describe = async () => {
        const d = (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!
        for (const t of d.Tasks!) seen.add(`${t.Name}:${t.Status}`)
        return d
      }
      const available = await waitFor(describe, (d) => d.Status === 'AVAILABLE')
      // Every task was seen in progress and completed; the later ones pending first.
      const tasks = ['CREATING_READ_REPLICA_OF_SOURCE', 'DB_ENGINE_VERSION_UPGRADE', 'CONFIGURE_BACKUPS', 'CREATING_TOPOLOGY_OF_SOURCE']
      for (const n of tasks) for (const s of ['IN_PROGRESS', 'COMPLETED']) expect(seen.has(`${n}:${s}`)).toBe(true)
      for (const n of tasks.slice(1)) expect(seen.has(`${n}:PENDING`)).toBe(true)
      expect(available.SwitchoverDetails).toEqual([{ SourceMember: source, TargetMember: sandbox.state.arn('db', greenId), Status: 'AVAILABLE' }])
      const byFilter = await rds.send(new DescribeBlueGreenDeploymentsCommand({ Filters: [{ Name: 'source', Values: [source] }] }))
      expect(byFilter.BlueGreenDeployments!.map((d) => d.BlueGreenDeploymentIdentifier)).toEqual([id])
      const tags = await rds.send(new ListTagsForResourceCommand({ ResourceName: sandbox.state.arn('deployment', id) }))
      expect(tags.TagList).toEqual([{ Key: 'change', Value: 'CHG-1' }])

      const green = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: greenId }))).DBInstances![0]!
      expect(green).toMatchObject({ EngineVersion: '8.0.40', DBInstanceClass: 'db.r6g.large', DBInstanceStatus: 'available',
        Endpoint: { Address: '127.0.0.1' } })
      for (const i of sandbox.state.instances.values()) pids.add(i.server.pid!)
      // Green is a real, read-only replica holding blue's data.
      const greenServer = sandbox.server(greenId)
      const [ro] = await greenServer.query<{ ro: number }>('SELECT @@read_only AS ro')
      expect(ro!.ro).toBe(1)
      const blueConn = await sandbox.connect({ instance: 'orders' })
      await blueConn.query("INSERT INTO app.users (email, name) VALUES ('new@example.com', 'New')")
      await blueConn.end()
      await waitFor(() => greenServer.query<{ n: number }>("SELECT COUNT(*) AS n FROM app.users WHERE email = 'new@example.com'"), (r) => r[0]!.n === 1, 5000)
      const topology = await sandbox.server('orders').query<{ role: string; status: string }>('SELECT role, status FROM mysql.rds_topology ORDER BY role')
      expect(topology).toEqual([{ role: 'BLUE_GREEN_DEPLOYMENT_SOURCE', status: 'AVAILABLE' }, { role: 'BLUE_GREEN_DEPLOYMENT_TARGET', status: 'AVAILABLE' }])

      const productionPort = sandbox.instance('orders').proxy.port
      const switching = await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 }))
      expect(switching.BlueGreenDeployment!.Status).toBe('SWITCHOVER_IN_PROGRESS')
      const done: BlueGreenDeployment = await waitFor(describe, (d) => d.Status !== 'SWITCHOVER_IN_PROGRESS')
      expect(done).toMatchObject({ Status: 'SWITCHOVER_COMPLETED', Source: sandbox.state.arn('db', 'orders-old1'), Target: source,
        SwitchoverDetails: [{ SourceMember: sandbox.state.arn('db', 'orders-old1'), TargetMember: source, Status: 'SWITCHOVER_COMPLETED' }] })
      const phases = await sandbox.server('orders').query<{ role: string; status: string }>('SELECT role, status FROM mysql.rds_topology ORDER BY role')
      expect(phases.map((p) => p.status)).toEqual(['SWITCHOVER_COMPLETED', 'SWITCHOVER_COMPLETED'])
      const after = (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!
      const byId = Object.fromEntries(after.map((i) => [i.DBInstanceIdentifier, i]))
      expect(Object.keys(byId).sort()).toEqual(['orders', 'orders-old1'])
      expect(byId.orders!.Endpoint!.Port).toBe(productionPort)
      expect(byId.orders!.EngineVersion).toBe('8.0.40')
      expect(byId.orders!.DbiResourceId).toBe(green.DbiResourceId)
      expect(byId['orders-old1']!.Endpoint!.Port).not.toBe(productionPort)
      const events = await rds.send(new DescribeEventsCommand({ SourceType: 'blue-green-deployment', SourceIdentifier: id }))
      expect(events.Events!.map((e) => e.Message)).toEqual(expect.arrayContaining([
        'Switchover started on blue/green deployment.', 'Switchover from DB instance orders-old1 to orders was completed.',
        'Switchover completed on blue/green deployment.']))

      expect(await errorOf(rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))))
        .toMatchObject({ code: 'InvalidBlueGreenDeploymentStateFault' })
      const deleting = await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
      expect(deleting.BlueGreenDeployment!.Status).toBe('DELETING')
      await rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: 'orders-old1', FinalDBSnapshotIdentifier: 'orders-old1-final' }))
      await waitFor(async () => (await rds.send(new DescribeBlueGreenDeploymentsCommand({}))).BlueGreenDeployments!.length, (n) => n === 0)
      await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.length, (n) => n === 1)
      const snapshots = await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'orders-old1-final' }))
      expect(snapshots.DBSnapshots!.map((s) => s.DBInstanceIdentifier)).toEqual(['orders-old1'])
      expect(await errorOf(rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: 'nope' })))).toMatchObject({ code: 'DBSnapshotNotFound', status: 404 })
      const since = await rds.send(new DescribeEventsCommand({ StartTime: new Date(started), EndTime: new Date() }))
      expect(since.Events!.length).toBeGreaterThan(5)
      expect((await rds.send(new DescribeEventsCommand({ StartTime: new Date(Date.now() + 60_000) }))).Events).toEqual([])
    } finally {
      await sandbox.stop()
    }
    const elapsed = Date.now() - started
    console.log(`blue/green lifecycle (start, create, switchover, delete, stop): ${elapsed} ms`)
    expect(elapsed).toBeLessThan(30_000)
    expect(existsSync(sandbox.dir)).toBe(false)
    expect(pids.size).toBe(2)
    await waitFor(async () => [...pids].filter(alive), (left) => left.length === 0, 3000)
  })
})
