// create on a prepared RDS for MySQL instance: a dry run lists the call and creates nothing;
// then from nothing to AVAILABLE (each task's status change logged once, however many polls),
// with the target inputs and tags; run twice it adopts the deployment instead of failing;
// asked for another name it stops and names the deployment that exists; prepare then leaves
// blue alone.
import { ListTagsForResourceCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('create: from nothing to AVAILABLE, and again', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  const inputs = {
    mode: 'create',
    source: 'orders',
    'target-engine-version': '8.0.40',
    'target-db-parameter-group': 'orders-green',
    'target-instance-class': 'db.r6g.large',
    tags: 'team=payments',
  }
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders', parameterGroup: 'orders-params' },
      parameterGroups: [
        { name: 'orders-params', family: 'mysql8.0', values: { binlog_format: 'MIXED' } },
        { name: 'orders-green', family: 'mysql8.0', values: { binlog_format: 'MIXED', max_connections: '500' } },
      ],
      timings: { taskMs: 200 },
      onCall: calls.record,
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('dry-run lists CreateBlueGreenDeployment and creates nothing', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { ...inputs, 'dry-run': 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(sandbox.state.deployments.size).toBe(0)
    expect(report.actions).toEqual([
      {
        at: expect.any(Number),
        outcome: 'skipped',
        description:
          'CreateBlueGreenDeployment {"BlueGreenDeploymentName":"orders-bg","Source":"arn:aws:rds:us-east-1:123456789012:db:orders","TargetEngineVersion":"8.0.40","TargetDBParameterGroupName":"orders-green","TargetDBInstanceClass":"db.r6g.large","Tags":[{"Key":"team","Value":"payments"},{"Key":"managed-by","Value":"rds-blue-green"}]}',
      },
    ])
    expect(report.verdict).toEqual({ ok: true, headline: 'create (dry run): would create Blue/Green Deployment orders-bg for orders' })
  })

  it('creates, follows every task to AVAILABLE logging each change once, and sets the outputs', async () => {
    sandbox.faults.slowProvisioningMs = 4000
    const mark = calls.mark()
    const { report, log } = await runModeOnSandbox(sandbox, inputs)
    sandbox.faults.slowProvisioningMs = 0
    expect(report.verdict.ok).toBe(true)
    expect(calls.mutatingSince(mark)).toEqual(['CreateBlueGreenDeployment'])
    const id = report.outputs['deployment-id']!
    const deployment = sandbox.state.deployments.get(id)!
    expect(deployment.name).toBe('orders-bg')
    const green = deployment.details[0]!.target
    expect(report.outputs).toEqual({
      'deployment-id': id,
      status: 'AVAILABLE',
      'green-identifiers': green,
      'green-endpoint': `127.0.0.1:${sandbox.instance(green).proxy.port}`,
    })
    expect(sandbox.instance(green)).toMatchObject({ engineVersion: '8.0.40', instanceClass: 'db.r6g.large', parameterGroup: 'orders-green' })
    // Polled several times, but every status change is one log line.
    const polls = calls.since(mark).filter((c) => c.action === 'DescribeBlueGreenDeployments').length
    const taskLines = log.filter((l) => l.startsWith('task '))
    expect(polls).toBeGreaterThan(3)
    expect(new Set(taskLines).size).toBe(taskLines.length)
    for (const task of ['CREATING_READ_REPLICA_OF_SOURCE', 'DB_ENGINE_VERSION_UPGRADE', 'CONFIGURE_BACKUPS', 'CREATING_TOPOLOGY_OF_SOURCE']) {
      expect(taskLines).toContain(`task ${task}: COMPLETED`)
    }
    expect(taskLines.filter((l) => l.endsWith('IN_PROGRESS')).length).toBeGreaterThan(1)
    expect(log.filter((l) => l === `deployment ${id}: AVAILABLE`)).toHaveLength(1)
    const tags = await rdsClient(sandbox).send(new ListTagsForResourceCommand({ ResourceName: sandbox.state.arn('deployment', id) }))
    expect(tags.TagList).toEqual([{ Key: 'team', Value: 'payments' }, { Key: 'managed-by', Value: 'rds-blue-green' }])
  })

  it('run twice adopts the deployment: no second CreateBlueGreenDeployment, same outputs', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, inputs)
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.verdict.ok).toBe(true)
    expect(report.findings.map((f) => f.code)).toEqual(['DEPLOYMENT_ADOPTED'])
    expect(sandbox.state.deployments.size).toBe(1)
    expect(report.outputs['deployment-id']).toBe([...sandbox.state.deployments.keys()][0])
    expect(report.outputs.status).toBe('AVAILABLE')
  })

  it('asked for another name, stops and names the deployment that exists', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { ...inputs, deployment: 'orders-second' })
    expect(calls.mutatingSince(mark)).toEqual([])
    const [id] = [...sandbox.state.deployments.keys()]
    expect(report.verdict.ok).toBe(false)
    const conflict = report.findings.find((f) => f.code === 'DEPLOYMENT_NAME_CONFLICT')
    expect(conflict?.message).toContain(`${id} (orders-bg, AVAILABLE)`)
    expect(conflict?.remedy).toContain('deployment: orders-bg')
  })

  it('prepare afterwards reports DEPLOYMENT_EXISTS and changes nothing, even with apply', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true', 'allow-reboot': 'true', 'binlog-format': 'ROW' })
    expect(calls.mutatingSince(mark)).toEqual([])
    const [id] = [...sandbox.state.deployments.keys()]
    const exists = report.findings.find((f) => f.code === 'DEPLOYMENT_EXISTS')
    expect(exists).toMatchObject({ level: 'warning', subject: id })
    expect(exists?.remedy).toContain('run create with deployment: orders-bg')
    // binlog-format ROW differs from blue's MIXED, but nothing is touched while the deployment exists.
    expect(report.findings.map((f) => f.code)).toContain('BINLOG_FORMAT_MISMATCH')
    expect(report.actions).toEqual([])
  })
})
