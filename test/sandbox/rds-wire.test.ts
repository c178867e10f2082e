// The Query protocol round trip: what @aws-sdk/client-rds actually sends for input lists
// (Filters, Tags, Parameters) is decoded back to the same objects, and the XML we answer is
// parsed by the SDK into non-empty lists and typed errors. No database servers needed.
import { createServer, type Server } from 'node:http'
import {
  CreateBlueGreenDeploymentCommand,
  DescribeDBInstancesCommand,
  ModifyDBParameterGroupCommand,
  RDSClient,
} from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { decode, parseForm } from '../../sandbox/rds/query.js'
import { operationShape } from '../../sandbox/rds/schema.js'
import { RdsError } from '../../sandbox/rds/errors.js'
import { encodeBody } from '../../sandbox/rds/xml.js'

describe('RDS Query wire', () => {
  let server: Server
  let bodies: string[] = []
  let client: RDSClient
  beforeAll(async () => {
    // A recorder, not the sandbox: it captures the SDK's request bodies byte for byte.
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        bodies.push(Buffer.concat(chunks).toString())
        res.writeHead(400, { 'content-type': 'text/xml' })
        res.end('<ErrorResponse><Error><Type>Sender</Type><Code>DBInstanceNotFound</Code><Message>x</Message></Error><RequestId>r</RequestId></ErrorResponse>')
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const address = server.address() as { port: number }
    client = new RDSClient({ endpoint: `http://127.0.0.1:${address.port}`, region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 })
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  async function sent(command: { input: unknown; constructor: { name: string } }, send: () => Promise<unknown>) {
    bodies = []
    await send().catch(() => undefined)
    const action = command.constructor.name.replace(/Command$/, '')
    return { params: parseForm(bodies[0]!), action, shape: operationShape(action)! }
  }

  it('decodes Filters exactly as the SDK sends them', async () => {
    const input = { Filters: [{ Name: 'db-cluster-id', Values: ['a', 'b'] }, { Name: 'engine', Values: ['mysql'] }], MaxRecords: 20 }
    const command = new DescribeDBInstancesCommand(input)
    const { params, shape } = await sent(command, () => client.send(command))
    expect(params.get('Filters.Filter.1.Values.Value.2')).toBe('b')
    expect(decode(shape.input, params)).toEqual(input)
  })

  it('decodes Tags and Parameters exactly as the SDK sends them', async () => {
    const tags = { BlueGreenDeploymentName: 'bg', Source: 'arn:aws:rds:us-east-1:1:db:x', SwitchoverTimeout: undefined,
      Tags: [{ Key: 'team', Value: 'db' }, { Key: 'env', Value: 'prod' }], UpgradeTargetStorageConfig: true }
    const c1 = new CreateBlueGreenDeploymentCommand(tags)
    const r1 = await sent(c1, () => client.send(c1))
    expect(r1.params.get('Tags.Tag.2.Key')).toBe('env')
    const { SwitchoverTimeout: _unused, ...expected } = tags
    expect(decode(r1.shape.input, r1.params)).toEqual(expected)
    const params = { DBParameterGroupName: 'g', Parameters: [
      { ParameterName: 'binlog_format', ParameterValue: 'ROW', ApplyMethod: 'immediate' as const },
      { ParameterName: 'lower_case_table_names', ParameterValue: '1', ApplyMethod: 'pending-reboot' as const }] }
    const c2 = new ModifyDBParameterGroupCommand(params)
    const r2 = await sent(c2, () => client.send(c2))
    expect(r2.params.get('Parameters.Parameter.1.ParameterName')).toBe('binlog_format')
    expect(decode(r2.shape.input, r2.params)).toEqual(params)
  })

  it('names list items per the service model and refuses unknown members', () => {
    const out = operationShape('DescribeDBInstances')!.output
    const xml = encodeBody(out, { DBInstances: [{ DBInstanceIdentifier: 'a', DBParameterGroups: [{ DBParameterGroupName: 'g' }], TagList: [{ Key: 'k', Value: 'v' }] }] })
    expect(xml).toContain('<DBInstances><DBInstance><DBInstanceIdentifier>a</DBInstanceIdentifier>')
    expect(xml).toContain('<DBParameterGroups><DBParameterGroup>')
    expect(xml).toContain('<TagList><Tag><Key>k</Key>')
    const bg = operationShape('DescribeBlueGreenDeployments')!.output
    expect(encodeBody(bg, { BlueGreenDeployments: [{ Tasks: [{ Name: 'T' }], SwitchoverDetails: [{ Status: 'AVAILABLE' }] }] }))
      .toBe('<BlueGreenDeployments><member><SwitchoverDetails><member><Status>AVAILABLE</Status></member></SwitchoverDetails><Tasks><member><Name>T</Name></member></Tasks></member></BlueGreenDeployments>')
    expect(() => encodeBody(out, { DBInstances: [{ DBInstanceIdentifer: 'typo' }] })).toThrow(/no member DBInstanceIdentifer/)
  })

  it('takes wire codes and statuses from the model', () => {
    expect(new RdsError('DBInstanceNotFoundFault', 'x')).toMatchObject({ code: 'DBInstanceNotFound', status: 404 })
    expect(new RdsError('DBParameterGroupNotFoundFault', 'x')).toMatchObject({ code: 'DBParameterGroupNotFound', status: 404 })
    expect(new RdsError('InvalidDBInstanceStateFault', 'x')).toMatchObject({ code: 'InvalidDBInstanceState', status: 400 })
    expect(new RdsError('BlueGreenDeploymentNotFoundFault', 'x')).toMatchObject({ code: 'BlueGreenDeploymentNotFoundFault', status: 404 })
    expect(new RdsError('DBClusterNotFoundFault', 'x')).toMatchObject({ code: 'DBClusterNotFoundFault', status: 404 })
    expect(new RdsError('InvalidDBParameterGroupStateFault', 'x')).toMatchObject({ code: 'InvalidDBParameterGroupState' })
    expect(new RdsError('Throttling', 'Rate exceeded')).toMatchObject({ code: 'Throttling', status: 400 })
  })
})
