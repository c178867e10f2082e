// Each mode's branches on the deployment's status, with RDS answering through
// aws-sdk-client-mock: a deployment held in DELETING or SWITCHOVER_IN_PROGRESS, a member
// pair MISSING_TARGET, a deployment of another source are states the sandbox passes
// through in a moment or cannot reach, and for which a mode only reads and reports. The
// real modes run through the registry (the resolve step included); only RDS is mocked, and
// no database credentials are given, so nothing else is reached. What a mode does in each
// state with real servers is tested on the sandbox (test/integration).
import {
  type BlueGreenDeployment,
  CreateBlueGreenDeploymentCommand,
  DeleteBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  DescribeEventsCommand,
  RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from '@aws-sdk/client-rds'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { mockClient } from 'aws-sdk-client-mock'
import { createAwsClients } from '../../../src/aws/clients.js'
import { createDbConnector } from '../../../src/db/connector.js'
import { parseInputs, readerFromObject, type InputName } from '../../../src/inputs/index.js'
import { memoryLogger } from '../../../src/log.js'
import type { Mode } from '../../../src/mode.js'
import { createModeContext } from '../../../src/modes/context.js'
import { deploymentNameFor } from '../../../src/modes/create/name.js'
import { runMode } from '../../../src/modes/registry.js'
import type { Report } from '../../../src/report/types.js'
import { SecretRegistry } from '../../../src/secrets/registry.js'

const ARN = 'arn:aws:rds:us-east-1:123456789012:db:orders'
const GREEN_ARN = 'arn:aws:rds:us-east-1:123456789012:db:orders-green-abc123'
const rds = mockClient(RDSClient)

beforeEach(() => {
  rds.reset()
  rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'orders' }).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'orders', DBInstanceArn: ARN, Engine: 'mysql', EngineVersion: '8.0.36', DBInstanceStatus: 'available', Endpoint: { Address: 'orders.example', Port: 3306 }, BackupRetentionPeriod: 1 }],
  })
  rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: 'db-instance-id', Values: ['orders-green-abc123'] }] }).resolves({
    DBInstances: [{ DBInstanceIdentifier: 'orders-green-abc123', DBInstanceArn: GREEN_ARN, Engine: 'mysql', EngineVersion: '8.0.36', DBInstanceStatus: 'available', Endpoint: { Address: 'green.example', Port: 3306 } }],
  })
  rds.on(DescribeDBClustersCommand).rejects(Object.assign(new Error('not found'), { name: 'DBClusterNotFoundFault', $metadata: {} }))
  rds.on(DescribeEventsCommand).resolves({ Events: [] })
})
afterEach(() => {
  rds.reset()
})

function deployment(status: string, extra: Partial<BlueGreenDeployment> = {}): BlueGreenDeployment {
  return {
    BlueGreenDeploymentIdentifier: 'bgd-abc',
    BlueGreenDeploymentName: 'orders-bg',
    Source: ARN,
    Target: GREEN_ARN,
    Status: status,
    SwitchoverDetails: [{ SourceMember: ARN, TargetMember: GREEN_ARN, Status: 'AVAILABLE' }],
    Tasks: [],
    CreateTime: new Date(0),
    ...extra,
  }
}

/** RDS knows `d` (by identifier, and by its Source for the search from the source). */
function knows(d: BlueGreenDeployment): void {
  rds.on(DescribeBlueGreenDeploymentsCommand).resolves({ BlueGreenDeployments: [] })
  rds.on(DescribeBlueGreenDeploymentsCommand, { Filters: [{ Name: 'source', Values: [d.Source ?? ''] }] }).resolves({ BlueGreenDeployments: [d] })
  rds.on(DescribeBlueGreenDeploymentsCommand, { BlueGreenDeploymentIdentifier: d.BlueGreenDeploymentIdentifier ?? '' }).resolves({ BlueGreenDeployments: [d] })
}

async function run(mode: Mode, inputs: Partial<Record<InputName, string>> = {}): Promise<Report> {
  const parsed = parseInputs(readerFromObject({ mode, source: 'orders', 'aws-region': 'us-east-1', 'db-user': '', ...inputs }), { RUNNER_TEMP: '/tmp' })
  const log = memoryLogger()
  const secrets = new SecretRegistry(() => undefined)
  const aws = createAwsClients({ region: 'us-east-1', maxAttempts: 1, credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) })
  const db = createDbConnector(parsed.db, async () => ({ user: 'u', password: 'p', cleartext: false }))
  try {
    return await runMode(createModeContext(parsed, { aws, db, log, secrets, sleep: async () => undefined }))
  } finally {
    aws.destroy()
  }
}

const codes = (report: Report) => report.findings.map((f) => `${f.level} ${f.code}`)
const changes = () => [...rds.commandCalls(CreateBlueGreenDeploymentCommand), ...rds.commandCalls(SwitchoverBlueGreenDeploymentCommand), ...rds.commandCalls(DeleteBlueGreenDeploymentCommand)]

describe('the resolve step', () => {
  it('refuses a deployment named by identifier that belongs to another source, in every mode', async () => {
    knows(deployment('AVAILABLE', { Source: 'arn:aws:rds:us-east-1:123456789012:db:billing', Target: 'arn:aws:rds:us-east-1:123456789012:db:billing-green-x' }))
    for (const mode of ['prepare', 'create', 'verify', 'switchover', 'cleanup'] as const) {
      const report = await run(mode, { deployment: 'bgd-abc', ...(mode === 'switchover' ? { 'db-user': 'admin', 'db-password': 'pw' } : {}) })
      expect([mode, codes(report)]).toEqual([mode, ['error DEPLOYMENT_WRONG_SOURCE']])
    }
    expect(changes()).toEqual([])
  })
})

describe('the resolve step, a bgd- identifier RDS does not know', () => {
  it('is DEPLOYMENT_NOT_FOUND wherever a deployment is needed or named, and nothing to do for cleanup', async () => {
    rds.on(DescribeBlueGreenDeploymentsCommand).rejects(Object.assign(new Error('BlueGreenDeployment bgd-gone not found'), { name: 'BlueGreenDeploymentNotFoundFault', $metadata: {} }))
    for (const mode of ['prepare', 'create', 'verify', 'switchover'] as const) {
      const report = await run(mode, { deployment: 'bgd-gone', ...(mode === 'switchover' ? { 'db-user': 'admin', 'db-password': 'pw' } : {}) })
      expect([mode, report.findings.map((f) => `${f.level} ${f.code} ${f.subject}`)]).toEqual([mode, ['error DEPLOYMENT_NOT_FOUND bgd-gone']])
    }
    expect(codes(await run('cleanup', { deployment: 'bgd-gone' }))).toEqual(['info CLEANUP_NOTHING_TO_DO'])
    expect(changes()).toEqual([])
  })
})

describe('switchover', () => {
  it.each(['PROVISIONING', 'INVALID_CONFIGURATION', 'DELETING'])('refuses a deployment that is %s: DEPLOYMENT_NOT_SWITCHABLE, nothing called', async (status) => {
    knows(deployment(status, { StatusDetails: 'details from RDS' }))
    // DELETING is no longer found from the source: only by its identifier.
    const report = await run('switchover', { deployment: 'bgd-abc', 'db-user': 'admin', 'db-password': 'pw' })
    expect(codes(report)).toEqual(['error DEPLOYMENT_NOT_SWITCHABLE'])
    expect(report.findings[0]?.message).toBe(`Deployment bgd-abc is ${status} (details from RDS): there is nothing to switch over.`)
    expect(report.outputs.status).toBe(status)
    expect(changes()).toEqual([])
  })
})

describe('cleanup', () => {
  const cases: [string, Partial<Record<InputName, string>>, string][] = [
    ['SWITCHOVER_IN_PROGRESS', {}, 'error SWITCHOVER_IN_PROGRESS'],
    ['AVAILABLE', {}, 'error DEPLOYMENT_NOT_SWITCHED_OVER'],
    ['INVALID_CONFIGURATION', {}, 'error DEPLOYMENT_NOT_SWITCHED_OVER'],
    ['SWITCHOVER_COMPLETED', { abandon: 'true' }, 'error ABANDON_AFTER_SWITCHOVER'],
  ]
  it.each(cases)('a deployment %s (%j) is refused with the reason, nothing deleted', async (status, inputs, code) => {
    knows(deployment(status))
    const report = await run('cleanup', inputs)
    expect(codes(report)).toEqual([code])
    expect(report.verdict.ok).toBe(false)
    expect(changes()).toEqual([])
  })
})

describe('create', () => {
  it.each([
    ['SWITCHOVER_COMPLETED', 'error DEPLOYMENT_ALREADY_SWITCHED_OVER'],
    ['SWITCHOVER_IN_PROGRESS', 'error DEPLOYMENT_BUSY'],
  ])('does not adopt a deployment that is %s', async (status, code) => {
    knows(deployment(status, { BlueGreenDeploymentName: deploymentNameFor('orders') }))
    const report = await run('create')
    expect(codes(report)).toEqual([code])
    expect(report.outputs).toMatchObject({ 'deployment-id': 'bgd-abc', status })
    expect(changes()).toEqual([])
  })

  it("refuses a deployment of the source under another name: RDS allows one per source", async () => {
    knows(deployment('AVAILABLE', { BlueGreenDeploymentName: 'someone-elses' }))
    const report = await run('create')
    expect(codes(report)).toEqual(['error DEPLOYMENT_NAME_CONFLICT'])
    expect(report.findings[0]?.remedy).toContain('deployment: someone-elses')
    expect(changes()).toEqual([])
  })
})

describe('verify', () => {
  it('while provisioning: DEPLOYMENT_NOT_AVAILABLE naming the tasks still pending, no database check attempted', async () => {
    knows(deployment('PROVISIONING', { Tasks: [{ Name: 'CREATING_READ_REPLICA_OF_SOURCE', Status: 'COMPLETED' }, { Name: 'DB_ENGINE_VERSION_UPGRADE', Status: 'IN_PROGRESS' }] }))
    const report = await run('verify')
    expect(codes(report)).toEqual(['error DEPLOYMENT_NOT_AVAILABLE'])
    expect(report.findings[0]?.message).toContain('Still pending: DB_ENGINE_VERSION_UPGRADE (IN_PROGRESS).')
    expect(report.outputs.ready).toBe('false')
  })

  it('a member pair MISSING_TARGET: SWITCHOVER_DETAIL_NOT_AVAILABLE, with recreating as the remedy', async () => {
    knows(deployment('AVAILABLE', { SwitchoverDetails: [{ SourceMember: ARN, TargetMember: GREEN_ARN, Status: 'MISSING_TARGET' }] }))
    const report = await run('verify')
    expect(codes(report)).toEqual(['error SWITCHOVER_DETAIL_NOT_AVAILABLE', 'error DB_CREDENTIALS_MISSING'])
    expect(report.findings[0]?.remedy).toContain('create it again')
  })

  it('after a failed switchover: a warning with StatusDetails, not a blocker by itself', async () => {
    knows(deployment('SWITCHOVER_FAILED', { StatusDetails: 'Switchover timed out.' }))
    const report = await run('verify', { 'db-user': '' })
    expect(report.findings.find((f) => f.code === 'PREVIOUS_SWITCHOVER_FAILED')).toMatchObject({ level: 'warning', message: expect.stringContaining('Switchover timed out.') })
    expect(codes(report)).not.toContain('error DEPLOYMENT_NOT_AVAILABLE')
  })
})
