// The composed identity side as the Sandbox class will start it: the environment it
// returns is all an action needs for the OIDC path (getIDToken -> STS), the database
// secret, and the default-chain root keys; close() releases every port.
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { DEPLOY_ROLE, type IdentityServices, READ_ONLY_ROLE, startIdentityServices } from '../../sandbox/identity/index.js'
import { rdsSecretValue } from '../../sandbox/secrets/rds-secret.js'

const savedEnv = { ...process.env }
const run = promisify(execFile)
// The AWS CLI signs with botocore, a SigV4 implementation independent of the JS SDK's.
// It is not a project dependency: where it is not installed, that one test is skipped.
const hasAwsCli = spawnSync('aws', ['--version']).status === 0

async function idToken(): Promise<string> {
  // getIDToken writes ::add-mask:: to stdout, as on a runner; keep it out of the test log.
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
  try {
    return await core.getIDToken('sts.amazonaws.com')
  } finally {
    spy.mockRestore()
  }
}

describe('startIdentityServices', () => {
  let services: IdentityServices
  let secretArn: string

  beforeAll(async () => {
    services = await startIdentityServices({ workflow: { repository: 'octo-org/app', environment: 'production' } })
    secretArn = services.secrets.store.put('rds/app', rdsSecretValue({ username: 'app', password: 's3cret', host: '127.0.0.1', port: 3307 })).arn
    Object.assign(process.env, services.env)
    delete process.env.AWS_SESSION_TOKEN
  })

  afterAll(async () => {
    process.env = savedEnv
    await services.close()
  })

  it('returns every variable the action and the SDK read, pointing at 127.0.0.1', () => {
    const env = services.env
    expect(Object.keys(env).sort()).toEqual([
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_DEFAULT_REGION',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'AWS_ENDPOINT_URL_STS',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'GITHUB_API_URL',
      'GITHUB_TOKEN',
    ])
    for (const name of ['ACTIONS_ID_TOKEN_REQUEST_URL', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL_STS', 'GITHUB_API_URL'] as const) {
      expect(env[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+/)
    }
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^AKIA[A-Z2-7]{16}$/)
  })

  it('takes a workflow from getIDToken through STS to the database secret', async () => {
    const sts = new STSClient({ region: services.env.AWS_REGION })
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::123456789012:role/${DEPLOY_ROLE}`,
        RoleSessionName: 'GitHubActions',
        WebIdentityToken: await idToken(),
      }),
    )
    sts.destroy()
    expect(assumed.SubjectFromWebIdentityToken).toBe('repo:octo-org/app:environment:production')
    const credentials = {
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    }
    const secrets = new SecretsManagerClient({ region: services.env.AWS_REGION, credentials })
    const value = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))
    secrets.destroy()
    expect(JSON.parse(value.SecretString!)).toMatchObject({ username: 'app', password: 's3cret', port: 3307 })
  })

  it('denies the read-only role the secret', async () => {
    const sts = new STSClient({ region: services.env.AWS_REGION })
    const assumed = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: `arn:aws:iam::123456789012:role/${READ_ONLY_ROLE}`,
        RoleSessionName: 'GitHubActions',
        WebIdentityToken: await idToken(),
      }),
    )
    sts.destroy()
    const c = assumed.Credentials!
    const secrets = new SecretsManagerClient({
      region: services.env.AWS_REGION,
      credentials: { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! },
      maxAttempts: 1,
    })
    await expect(secrets.send(new GetSecretValueCommand({ SecretId: secretArn }))).rejects.toMatchObject({ name: 'AccessDeniedException' })
    secrets.destroy()
  })

  it("gives the SDK's default chain the root keys through AWS_ACCESS_KEY_ID", async () => {
    const sts = new STSClient({ region: services.env.AWS_REGION })
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::123456789012:root')
    sts.destroy()
  })

  ;(hasAwsCli ? it : it.skip)('serves the AWS CLI (botocore signing) through the same variables', async () => {
    const env = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }
    const identity = JSON.parse((await run('aws', ['sts', 'get-caller-identity'], { env })).stdout) as { Arn: string }
    expect(identity.Arn).toBe('arn:aws:iam::123456789012:root')
    const secret = JSON.parse((await run('aws', ['secretsmanager', 'get-secret-value', '--secret-id', 'rds/app'], { env })).stdout) as {
      ARN: string
    }
    expect(secret.ARN).toBe(secretArn)
    const stranger = run('aws', ['sts', 'get-caller-identity'], { env: { ...env, AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' } })
    await expect(stranger).rejects.toMatchObject({ stderr: expect.stringContaining('(InvalidClientTokenId)') })
  })

  it('closes every port', async () => {
    const urls = [services.oidc.url, services.sts.url, services.secrets.url, services.github.url]
    const other = await startIdentityServices()
    await other.close()
    for (const url of [other.oidc.url, other.sts.url, other.secrets.url, other.github.url]) {
      await expect(fetch(url)).rejects.toThrow()
    }
    // The first set is still serving: no shared state between instances.
    for (const url of urls) expect((await fetch(`${url}/`)).status).toBeGreaterThanOrEqual(200)
  })
})
