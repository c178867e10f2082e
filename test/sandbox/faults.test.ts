// Faults on demand, armed over the HTTP control endpoint as another process would: throttling,
// slow provisioning, green kept in storage-optimization (switchover refused meanwhile), a real
// replication error turned into an RDS event, and a switchover that times out and rolls back.
import {
  CreateBlueGreenDeploymentCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  SwitchoverBlueGreenDeploymentCommand,
  type RDSClient,
} from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { errorOf, rdsClient, waitFor } from './helpers.js'

describe('faults from the control endpoint', () => {
  let sandbox: Sandbox
  let rds: RDSClient
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'faulty' }, timings: { taskMs: 50 } })
    rds = rdsClient(sandbox)
  })
  afterAll(() => sandbox.stop())

  const control = async (path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.env.SANDBOX_CONTROL_URL}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
    expect(res.status).toBe(200)
    return res.json() as Promise<Record<string, unknown>>
  }
  const deployment = async (id: string) =>
    (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!

  it('reports state and throttles the next N calls of an action', async () => {
    const state = await control('/state')
    expect(state.instances).toEqual([expect.objectContaining({ id: 'faulty', status: 'available' })])
    await control('/faults/throttle', { action: 'DescribeDBInstances', count: 1 })
    expect(await errorOf(rds.send(new DescribeDBInstancesCommand({})))).toMatchObject({ code: 'Throttling', status: 400 })
    expect((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.length).toBe(1)
  })

  it('slow provisioning, storage-optimization, and a replication error', async () => {
    await control('/faults/slow-provisioning', { ms: 1200 })
    await control('/faults/storage-optimization', { ms: 1500 })
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'slow', Source: sandbox.state.arn('db', 'faulty') }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const provisioningSince = Date.now()
    const d = await waitFor(() => deployment(id), (x) => x.Status === 'AVAILABLE')
    expect(Date.now() - provisioningSince).toBeGreaterThanOrEqual(1000)
    const green = d.SwitchoverDetails![0]!.TargetMember!.split(':').pop()!
    const status = async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: green }))).DBInstances![0]!.DBInstanceStatus
    expect(await status()).toBe('storage-optimization')
    expect(await errorOf(rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))))
      .toMatchObject({ code: 'InvalidBlueGreenDeploymentStateFault' })
    await waitFor(status, (s) => s === 'available', 5000)

    await control('/faults/replication-error', { instance: green, kind: 'sql' })
    const events = await waitFor(async () => (await rds.send(new DescribeEventsCommand({ SourceType: 'db-instance', SourceIdentifier: green }))).Events!,
      (e) => e.some((x) => x.Message!.includes('SQLError: 1050')), 5000)
    expect(events.length).toBeGreaterThan(0)
    expect(await errorOf(rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))))
      .toMatchObject({ message: 'Correct the replication errors and then switch over.' })
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))
    await control('/faults/clear', {})
    await sandbox.idle()
  })

  it('a creation that ends INVALID_CONFIGURATION with its details', async () => {
    await control('/faults/invalid-configuration', { reason: 'The target parameter group is incompatible with the green environment.' })
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'broken', Source: sandbox.state.arn('db', 'faulty') }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const d = await waitFor(() => deployment(id), (x) => x.Status !== 'PROVISIONING')
    expect(d).toMatchObject({ Status: 'INVALID_CONFIGURATION', StatusDetails: 'The target parameter group is incompatible with the green environment.' })
    expect(d.Tasks!.map((t) => t.Status)).toEqual(['COMPLETED', 'FAILED', 'FAILED', 'FAILED'])
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))
    await sandbox.idle()
    expect((await rds.send(new DescribeDBInstancesCommand({}))).DBInstances!.map((i) => i.DBInstanceIdentifier)).toEqual(['faulty'])
  })

  it('a switchover that times out rolls back with blue writable', async () => {
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'stuck', Source: sandbox.state.arn('db', 'faulty') }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    await waitFor(() => deployment(id), (x) => x.Status === 'AVAILABLE')
    await control('/faults/switchover', { kind: 'timeout', afterMs: 800 })
    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 30 }))
    const blue = await sandbox.connect({ instance: 'faulty' })
    await waitFor(async () => blue.query('INSERT INTO app.users (email, name) VALUES (UUID(), "probe")').then(() => 'ok', (e: { errno: number }) => e.errno),
      (r) => r === 1290, 2000)
    const failed = await waitFor(() => deployment(id), (x) => x.Status !== 'SWITCHOVER_IN_PROGRESS')
    expect(failed.Status).toBe('SWITCHOVER_FAILED')
    expect(failed.StatusDetails).toMatch(/timed out/)
    await blue.query("INSERT INTO app.users (email, name) VALUES ('after-rollback@example.com', 'ok')")
    await blue.end()
  })
})
