// RDS checks more than the called action: creating with tags needs rds:AddTagsToResource,
// and CreateBlueGreenDeployment needs what RDS does to create green on the caller's behalf
// (rds:CreateDBInstanceReadReplica for an instance). A role lacking one is refused, as on
// RDS, so the demo's per-mode roles (docs/iam.md) are checked for these too.
import { CreateBlueGreenDeploymentCommand, CreateDBParameterGroupCommand, RDSClient } from '@aws-sdk/client-rds'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { impliedActions } from '../../sandbox/rds/implied-permissions.js'
import { errorOf } from './helpers.js'

const trust = { subject: 'repo:octo-org/app:*' }
const base = ['rds:Describe*', 'rds:CreateBlueGreenDeployment', 'rds:CreateDBParameterGroup']

describe('implied permissions', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders', sampleData: false },
      identity: {
        roles: [
          { name: 'no-tagging', trust, allowedActions: base },
          { name: 'no-replica', trust, allowedActions: [...base, 'rds:AddTagsToResource'] },
          { name: 'complete', trust, allowedActions: [...base, 'rds:AddTagsToResource', 'rds:CreateDBInstanceReadReplica'] },
        ],
      },
    })
  })
  afterAll(() => sandbox.stop())

  async function rdsAs(role: string): Promise<RDSClient> {
    const url = new URL(sandbox.env.ACTIONS_ID_TOKEN_REQUEST_URL!)
    url.searchParams.set('audience', 'sts.amazonaws.com')
    const res = await fetch(url, { headers: { authorization: `bearer ${sandbox.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } })
    const { value } = (await res.json()) as { value: string }
    const sts = new STSClient({ endpoint: sandbox.env.AWS_ENDPOINT_URL_STS, region: sandbox.env.AWS_REGION })
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::123456789012:role/${role}`, RoleSessionName: 'implied-test', WebIdentityToken: value }))
    sts.destroy()
    const c = out.Credentials!
    return new RDSClient({ endpoint: sandbox.env.AWS_ENDPOINT_URL_RDS, region: sandbox.env.AWS_REGION, maxAttempts: 1,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! } })
  }

  const tags = [{ Key: 'managed-by', Value: 'rds-blue-green' }]
  const source = 'arn:aws:rds:us-east-1:123456789012:db:orders'

  it('needs rds:AddTagsToResource to create with tags, not without', async () => {
    const rds = await rdsAs('no-tagging')
    expect(await errorOf(rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'tagged', DBParameterGroupFamily: 'mysql8.0', Description: 'd', Tags: tags }))))
      .toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('rds:AddTagsToResource') })
    await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: 'untagged', DBParameterGroupFamily: 'mysql8.0', Description: 'd' }))
  })

  it('needs rds:CreateDBInstanceReadReplica to create a deployment of an instance', async () => {
    const refused = await rdsAs('no-replica')
    expect(await errorOf(refused.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg', Source: source, Tags: tags }))))
      .toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('rds:CreateDBInstanceReadReplica') })
    const allowed = await rdsAs('complete')
    const { BlueGreenDeployment } = await allowed.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'bg', Source: source, Tags: tags }))
    expect(BlueGreenDeployment?.Status).toBe('PROVISIONING')
    await sandbox.idle()
  })

  it('names the Aurora actions for a cluster source', () => {
    expect(impliedActions('CreateBlueGreenDeployment', { Source: 'arn:aws:rds:us-east-1:1:cluster:c' }))
      .toEqual(['rds:CreateDBCluster', 'rds:CreateDBInstance', 'rds:CreateDBClusterEndpoint'])
  })
})
