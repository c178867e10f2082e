// Seed 000's failure, for real: binlog enabled on blue by a restart, no write since, then a
// blue/green deployment. Green's real IO thread fails with 1236 "Could not find first log
// file name in binary log index file", shown in SHOW REPLICA STATUS and as the RDS event;
// switchover is refused. One write on blue after the restart prevents it.
import {
  CreateBlueGreenDeploymentCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  ModifyDBInstanceCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { errorOf, rdsClient, waitFor } from './helpers.js'

describe("seed 000: replication error 1236 after enabling the binlog", () => {
  let sandbox: Sandbox
  let rds: RDSClient
  let source: string
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'legacy', backupRetention: 0 }, timings: { taskMs: 50, modifyMs: 50 } })
    rds = rdsClient(sandbox)
    source = sandbox.state.arn('db', 'legacy')
  })
  afterAll(() => sandbox.stop())

  const deployment = async (id: string) =>
    (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!
  const greenOf = (d: { SwitchoverDetails?: { TargetMember?: string }[] }) => d.SwitchoverDetails![0]!.TargetMember!.split(':').pop()!

  it('refuses creation while blue has no binlog', async () => {
    expect(await errorOf(rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg', Source: source }))))
      .toMatchObject({ code: 'SourceDatabaseNotSupportedFault' })
  })

  it('without a write after the restart, green fails with a real 1236', async () => {
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'legacy', BackupRetentionPeriod: 1, ApplyImmediately: true }))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'legacy' }))).DBInstances![0]!,
      (i) => i.DBInstanceStatus === 'available' && i.BackupRetentionPeriod === 1)
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg', Source: source }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const green = greenOf(await waitFor(() => deployment(id), (d) => d.Status === 'AVAILABLE'))
    const events = await waitFor(
      async () => (await rds.send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: green }))).Events!,
      (e) => e.some((x) => x.Message!.startsWith('Read Replica Replication Error')), 5000)
    expect(events.map((e) => e.Message)).toContain(
      "Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 from master when reading data from binary log: 'Could not find first log file name in binary log index file'")
    const [status] = await sandbox.server(green).query<{ Last_IO_Errno: number; Slave_IO_Running: string }>('SHOW REPLICA STATUS')
    expect(status).toMatchObject({ Last_IO_Errno: 1236, Slave_IO_Running: 'No' })
    const described = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: green }))).DBInstances![0]!
    expect(described.StatusInfos).toEqual([expect.objectContaining({ StatusType: 'read replication', Normal: false, Status: 'error' })])
    expect(await errorOf(rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))))
      .toMatchObject({ code: 'InvalidBlueGreenDeploymentStateFault', message: 'Correct the replication errors and then switch over.' })
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.length, (n) => n === 1)
  })

  it('one write on blue after the restart avoids it', async () => {
    const blue = await sandbox.connect({ instance: 'legacy' })
    await blue.query("INSERT INTO app.users (email, name) VALUES ('after-reboot@example.com', 'Heartbeat')")
    await blue.end()
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg2', Source: source }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const green = greenOf(await waitFor(() => deployment(id), (d) => d.Status === 'AVAILABLE'))
    const [status] = await waitFor(() => sandbox.server(green).query<Record<string, unknown>>('SHOW REPLICA STATUS'),
      (r) => r[0]?.Slave_IO_Running === 'Yes', 5000)
    expect(status).toMatchObject({ Last_IO_Errno: 0, Last_SQL_Errno: 0, Slave_SQL_Running: 'Yes' })
    const rows = await sandbox.server(green).query("SELECT name FROM app.users WHERE email = 'after-reboot@example.com'")
    expect(rows).toEqual([{ name: 'Heartbeat' }])
  })
})
