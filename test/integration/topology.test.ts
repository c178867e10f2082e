// The shared topology helpers (src/rds, src/db/replica-status) against the sandbox:
// source resolution for an instance, an Aurora cluster and an Aurora member instance;
// finding a deployment by source, name and id, before and after a switchover (when RDS
// renames: Source becomes <name>-old1 and Target takes the source's name); and reading
// green's replica status as the master user.
import { CreateBlueGreenDeploymentCommand, SwitchoverBlueGreenDeploymentCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { readReplicaStatus, replicationHealthy } from '../../src/db/replica-status.js'
import { deploymentMembers, describeDatabase, findDeployment, greenOf } from '../../src/rds/index.js'
import { rdsClient, waitFor } from '../sandbox/helpers.js'

describe('topology helpers on the sandbox', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, cluster: { id: 'aurora-app', writerId: 'aurora-app-writer' } })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('resolves an instance, a cluster, and an Aurora member to its cluster', async () => {
    const rds = rdsClient(sandbox)
    const instance = await describeDatabase(rds, 'orders')
    expect(instance).toMatchObject({ kind: 'instance', identifier: 'orders', engine: 'mysql', status: 'available' })
    expect(instance.endpoint.port).toBeGreaterThan(0)
    expect(instance.instances).toHaveLength(1)

    const cluster = await describeDatabase(rds, 'aurora-app')
    expect(cluster).toMatchObject({ kind: 'cluster', identifier: 'aurora-app', engine: 'aurora-mysql' })
    expect(cluster.instances[0]?.DBInstanceIdentifier).toBe('aurora-app-writer')
    expect(cluster.readerEndpoint).toBeDefined()

    const viaMember = await describeDatabase(rds, 'aurora-app-writer')
    expect(viaMember.kind).toBe('cluster')
    expect(viaMember.identifier).toBe('aurora-app')

    await expect(describeDatabase(rds, 'nope')).rejects.toThrow(/No DB instance or Aurora DB cluster named "nope"/)
    await expect(describeDatabase(rds, 'aurora-app', 'instance')).rejects.toThrow(/No DB instance named "aurora-app"/)
  })

  it('finds the deployment by source, name and id, reads green replication, and follows the rename after switchover', async () => {
    const rds = rdsClient(sandbox)
    const blue = await describeDatabase(rds, 'orders')
    expect(await findDeployment(rds, blue.arn)).toBeUndefined()

    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'orders-bg', Source: blue.arn }))
    const id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    const available = await waitFor(() => findDeployment(rds, blue.arn), (d) => d?.Status === 'AVAILABLE')
    expect(available?.BlueGreenDeploymentIdentifier).toBe(id)
    expect((await findDeployment(rds, blue.arn, { by: 'name', name: 'orders-bg' }))?.BlueGreenDeploymentIdentifier).toBe(id)
    expect((await findDeployment(rds, blue.arn, { by: 'name', name: 'other' }))).toBeUndefined()
    expect((await findDeployment(rds, blue.arn, { by: 'id', id }))?.BlueGreenDeploymentIdentifier).toBe(id)
    expect(await findDeployment(rds, blue.arn, { by: 'id', id: 'bgd-doesnotexist' })).toBeUndefined()

    const members = deploymentMembers(available!)
    expect(members).toHaveLength(1)
    expect(members[0]?.blue.identifier).toBe('orders')
    expect(members[0]?.green.identifier).toMatch(/^orders-green-[a-z0-9]{6}$/)

    const green = await describeDatabase(rds, greenOf(available!)!.identifier, 'instance')
    const conn = await sandbox.connect({ instance: green.identifier })
    try {
      const status = await waitFor(() => readReplicaStatus(conn), (s) => s !== undefined && replicationHealthy(s))
      expect(status?.secondsBehind).not.toBeNull()
      expect(status?.sourceLogFile).toMatch(/^mysql-bin-changelog\.\d{6}$/)
    } finally {
      await conn.end()
    }
    const blueConn = await sandbox.connect({ instance: 'orders' })
    try {
      expect(await readReplicaStatus(blueConn)).toBeUndefined()
    } finally {
      await blueConn.end()
    }

    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 }))
    const done = await waitFor(() => describeDatabase(rds, 'orders').then((d) => findDeployment(rds, d.arn)), (d) => d?.Status === 'SWITCHOVER_COMPLETED')
    // The source's ARN is now the deployment's Target; its Source is the old blue.
    expect(done?.BlueGreenDeploymentIdentifier).toBe(id)
    expect(done?.Source).toMatch(/:db:orders-old1$/)
    expect(greenOf(done!)?.identifier).toBe('orders')
  })
})
