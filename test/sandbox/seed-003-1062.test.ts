// Seed 003's failure, for real: green made writable (a parameter group with read_only=0,
// attached, pending-reboot until rebooted), a row written on green, then the same key on
// blue: green's real SQL thread stops with 1062 and RDS records the event.
import {
  CreateBlueGreenDeploymentCommand,
  CreateDBParameterGroupCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RebootDBInstanceCommand,
} from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { rdsClient, waitFor } from './helpers.js'

describe('seed 003: a row written on green breaks replication with 1062', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'books-db' }, timings: { taskMs: 50, rebootMs: 50 } })
  })
  afterAll(() => sandbox.stop())

  it('reproduces the duplicate key and its RDS event', async () => {
    const rds = rdsClient(sandbox)
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'books', Source: sandbox.state.arn('db', 'books-db') }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const d = await waitFor(async () => (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!,
      (x) => x.Status === 'AVAILABLE')
    const green = d.SwitchoverDetails![0]!.TargetMember!.split(':').pop()!
    const insert = "INSERT INTO app.books (id, title, author) VALUES (10219, 'Written on green', 'Operator')"

    // Green is read-only for the master user (no SUPER): 1290, as in seed 003.
    const readOnly = await sandbox.connect({ instance: green })
    await expect(readOnly.query(insert)).rejects.toMatchObject({ errno: 1290 })
    await readOnly.end()

    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'green-writable', DBParameterGroupFamily: 'mysql8.0', Description: 'read_only off' }))
    await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: 'green-writable',
      Parameters: [{ ParameterName: 'read_only', ParameterValue: '0', ApplyMethod: 'immediate' }] }))
    const modified = await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: green, DBParameterGroupName: 'green-writable', ApplyImmediately: true }))
    expect(modified.DBInstance!.DBParameterGroups![0]!.ParameterApplyStatus).toBe('pending-reboot')
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: green }))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: green }))).DBInstances![0]!,
      (i) => i.DBInstanceStatus === 'available' && i.DBParameterGroups![0]!.ParameterApplyStatus === 'in-sync')

    const onGreen = await sandbox.connect({ instance: green })
    await onGreen.query(insert)
    await onGreen.end()
    const onBlue = await sandbox.connect({ instance: 'books-db' })
    await onBlue.query("INSERT INTO app.books (id, title, author) VALUES (10219, 'Written on blue', 'Application')")
    await onBlue.end()

    const events = await waitFor(
      async () => (await rds.send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: green }))).Events!,
      (e) => e.some((x) => x.Message!.includes('SQLError')), 5000)
    const message = events.map((e) => e.Message!).find((m) => m.includes('SQLError'))!
    expect(message).toMatch(/^Read Replica Replication Error - SQLError: 1062, reason: .*Duplicate entry '10219' for key 'PRIMARY'/)
    const [status] = await sandbox.server(green).query<{ Last_SQL_Errno: number; Slave_SQL_Running: string }>('SHOW REPLICA STATUS')
    expect(status).toMatchObject({ Last_SQL_Errno: 1062, Slave_SQL_Running: 'No' })
  })
})
