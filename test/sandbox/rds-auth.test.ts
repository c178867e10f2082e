// RDS calls go through the sandbox's IAM: requests signed with keys the sandbox did not
// issue, or with a wrong secret, are refused with RDS's codes; a role assumed through the
// GitHub OIDC token and STS gets AccessDenied for actions its policy does not allow.
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEPLOY_ROLE, READ_ONLY_ROLE } from '../../sandbox/identity/index.js'
import { Sandbox } from '../../sandbox/index.js'
import { errorOf } from './helpers.js'

describe('RDS authentication and authorisation', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'secured', sampleData: false, managedMasterPassword: true } })
  })
  afterAll(() => sandbox.stop())

  const rds = (credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) =>
    new RDSClient({ endpoint: sandbox.env.AWS_ENDPOINT_URL_RDS, region: sandbox.env.AWS_REGION, credentials, maxAttempts: 1 })

  async function assume(role: string) {
    const url = new URL(sandbox.env.ACTIONS_ID_TOKEN_REQUEST_URL!)
    url.searchParams.set('audience', 'sts.amazonaws.com')
    const res = await fetch(url, { headers: { authorization: `bearer ${sandbox.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` } })
    const { value } = (await res.json()) as { value: string }
    const sts = new STSClient({ endpoint: sandbox.env.AWS_ENDPOINT_URL_STS, region: sandbox.env.AWS_REGION })
    const out = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::123456789012:role/${role}`,
      RoleSessionName: 'test', WebIdentityToken: value }))
    sts.destroy()
    const c = out.Credentials!
    return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }
  }

  it('refuses keys it did not issue and wrong signatures', async () => {
    expect(await errorOf(rds({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new DescribeDBInstancesCommand({}))))
      .toMatchObject({ code: 'InvalidClientTokenId', status: 403 })
    expect(await errorOf(rds({ accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: 'wrong' }).send(new DescribeDBInstancesCommand({}))))
      .toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 })
  })

  it('lets a role do what its policy allows and denies the rest', async () => {
    const readOnly = rds(await assume(READ_ONLY_ROLE))
    const { DBInstances } = await readOnly.send(new DescribeDBInstancesCommand({}))
    expect(DBInstances!.map((i) => i.DBInstanceIdentifier)).toEqual(['secured'])
    expect(await errorOf(readOnly.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'secured', DeletionProtection: true }))))
      .toMatchObject({ code: 'AccessDenied', status: 403 })
    const deploy = rds(await assume(DEPLOY_ROLE))
    const modified = await deploy.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'secured', DeletionProtection: true }))
    expect(modified.DBInstance!.DeletionProtection).toBe(true)
  })

  it('keeps the managed master password and a credentials secret in Secrets Manager', async () => {
    const root = { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! }
    const db = (await rds(root).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'secured' }))).DBInstances![0]!
    const secrets = new SecretsManagerClient({ endpoint: sandbox.env.AWS_ENDPOINT_URL_SECRETS_MANAGER, region: sandbox.env.AWS_REGION, credentials: root })
    const managed = await secrets.send(new GetSecretValueCommand({ SecretId: db.MasterUserSecret!.SecretArn! }))
    expect(JSON.parse(managed.SecretString!)).toEqual({ username: 'admin', password: sandbox.env.SANDBOX_DB_PASSWORD })
    const full = await secrets.send(new GetSecretValueCommand({ SecretId: sandbox.env.SANDBOX_DB_SECRET_ARN! }))
    expect(JSON.parse(full.SecretString!)).toMatchObject({ username: 'admin', host: '127.0.0.1', port: db.Endpoint!.Port, dbInstanceIdentifier: 'secured' })
    secrets.destroy()
  })
})
