// RDS answers bursts with `Throttling`. The clients built by createAwsClients retry them
// (the SDK's standard strategy with retry-max-attempts) so a burst does not fail the run.
// A local endpoint produces the burst: real RDS only throttles under load we cannot make.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds'
import { createAwsClients } from '../../src/aws/clients.js'
import { queryError, queryParams, startHttpStub, type HttpStub } from '../helpers/http-stub.js'

let throttleNext = 0
let rds: HttpStub

beforeAll(async () => {
  rds = await startHttpStub((req) => {
    if (throttleNext > 0) {
      throttleNext--
      return queryError('Throttling', 'Rate exceeded')
    }
    const id = queryParams(req.body).DBInstanceIdentifier ?? 'none'
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<DescribeDBInstancesResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><DescribeDBInstancesResult><DBInstances><DBInstance><DBInstanceIdentifier>${id}</DBInstanceIdentifier><DBInstanceStatus>available</DBInstanceStatus></DBInstance></DBInstances></DescribeDBInstancesResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></DescribeDBInstancesResponse>`,
    }
  })
  process.env.AWS_ENDPOINT_URL_RDS = rds.url
})
afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_RDS
  await rds.close()
})
afterEach(() => {
  rds.requests.length = 0
  throttleNext = 0
})

const credentials = async () => ({ accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' })

describe('throttled RDS calls', () => {
  it('are retried and succeed', async () => {
    const clients = createAwsClients({ region: 'us-east-1', credentials, maxAttempts: 10 })
    throttleNext = 3
    const out = await clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }))
    clients.destroy()
    expect(out.DBInstances?.[0]?.DBInstanceIdentifier).toBe('orders-db')
    expect(rds.requests).toHaveLength(4)
  }, 30_000)

  it('give up after retry-max-attempts with the Throttling error', async () => {
    const clients = createAwsClients({ region: 'us-east-1', credentials, maxAttempts: 2 })
    throttleNext = 5
    await expect(clients.rds.send(new DescribeDBInstancesCommand({}))).rejects.toMatchObject({ name: 'Throttling' })
    clients.destroy()
    expect(rds.requests).toHaveLength(2)
  }, 30_000)
})
