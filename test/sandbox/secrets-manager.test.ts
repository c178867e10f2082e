// The Secrets Manager stand-in through the real @aws-sdk/client-secrets-manager, pointed
// at it by AWS_ENDPOINT_URL_SECRETS_MANAGER as the action would be: what the client sends
// (JSON 1.1), lookups by name and ARN, and the refusals of the shared CredentialStore.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager'
import { CredentialStore } from '../../sandbox/identity/credentials.js'
import { rdsSecretValue } from '../../sandbox/secrets/rds-secret.js'
import { type RunningSecretsManager, startSecretsManager } from '../../sandbox/secrets/server.js'

const savedEnv = { ...process.env }

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

async function refusal(promise: Promise<unknown>): Promise<SecretsManagerServiceException> {
  try {
    await promise
  } catch (error) {
    if (error instanceof SecretsManagerServiceException) return error
    throw error
  }
  throw new Error('expected Secrets Manager to refuse')
}

describe('Secrets Manager stand-in', () => {
  let store: CredentialStore
  let service: RunningSecretsManager
  let root: Keys
  const clients: SecretsManagerClient[] = []
  const client = (credentials: Keys) => {
    // No endpoint option: the SDK finds the stand-in through AWS_ENDPOINT_URL_SECRETS_MANAGER.
    const created = new SecretsManagerClient({ region: 'eu-west-1', credentials, maxAttempts: 1 })
    clients.push(created)
    return created
  }
  const session = (role: string): Keys => {
    const c = store.issueSessionCredentials(role, 'gha-run', 900)
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }
  }

  beforeAll(async () => {
    store = new CredentialStore({
      roles: [
        { name: 'deployer', trust: { subject: 'repo:octo-org/app:*' }, allowedActions: ['rds:*', 'secretsmanager:GetSecretValue'] },
        { name: 'reader', trust: { subject: 'repo:octo-org/app:*' }, allowedActions: ['rds:Describe*'] },
      ],
    })
    root = store.issueRootKeys()
    service = await startSecretsManager({ credentials: store, region: 'eu-west-1' })
    service.store.put(
      'rds/prod/admin',
      rdsSecretValue({ username: 'admin', password: 'p@ss w0rd"', host: '127.0.0.1', port: 41000, dbInstanceIdentifier: 'prod' }),
    )
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = service.url
  })

  afterAll(async () => {
    process.env = savedEnv
    for (const c of clients) c.destroy()
    await service.close()
  })

  it('speaks the JSON 1.1 protocol the installed client sends', async () => {
    const seen: Record<string, string>[] = []
    const c = client(root)
    type Args = { request: unknown }
    const capture = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
      seen.push({ ...(args.request as { headers: Record<string, string> }).headers })
      return next(args)
    }
    // The SDK's middleware types are a union the test need not spell out.
    c.middlewareStack.addRelativeTo(capture as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'capture' })
    await c.send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' }))
    expect(seen[0]).toMatchObject({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' })
    expect(seen[0]?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA[A-Z2-7]{16}\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request/)
  })

  it('returns an RDS credentials secret by name, full ARN and partial ARN', async () => {
    const c = client(root)
    const byName = await c.send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' }))
    expect(byName.ARN).toMatch(/^arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds\/prod\/admin-[A-Za-z0-9]{6}$/)
    expect(byName.Name).toBe('rds/prod/admin')
    expect(byName.VersionStages).toEqual(['AWSCURRENT'])
    expect(byName.CreatedDate).toBeInstanceOf(Date)
    expect(JSON.parse(byName.SecretString!)).toEqual({
      username: 'admin',
      password: 'p@ss w0rd"',
      engine: 'mysql',
      host: '127.0.0.1',
      port: 41000,
      dbInstanceIdentifier: 'prod',
    })
    const byArn = await c.send(new GetSecretValueCommand({ SecretId: byName.ARN }))
    expect(byArn.SecretString).toBe(byName.SecretString)
    const partial = byName.ARN!.slice(0, -7)
    expect((await c.send(new GetSecretValueCommand({ SecretId: partial }))).VersionId).toBe(byName.VersionId)
  })

  it('answers ResourceNotFoundException for an unknown secret or version', async () => {
    const c = client(root)
    const error = await refusal(c.send(new GetSecretValueCommand({ SecretId: 'rds/nope' })))
    expect(error).toBeInstanceOf(ResourceNotFoundException)
    expect(error.message).toBe("Secrets Manager can't find the specified secret.")
    expect(error.$metadata.httpStatusCode).toBe(400)
    const stage = await refusal(c.send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin', VersionStage: 'AWSPENDING' })))
    expect(stage.name).toBe('ResourceNotFoundException')
  })

  it('refuses keys it did not issue and bad signatures, with the JSON services\' codes', async () => {
    const stranger = await refusal(
      client({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' })),
    )
    expect(stranger.name).toBe('UnrecognizedClientException')
    expect(stranger.message).toBe('The security token included in the request is invalid.')
    const wrong = await refusal(client({ ...root, secretAccessKey: 'wrong' }).send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' })))
    expect(wrong.name).toBe('InvalidSignatureException')
  })

  it("applies the role's policy: allowed for the deployer, AccessDeniedException for a describe-only role", async () => {
    const allowed = await client(session('deployer')).send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' }))
    expect(JSON.parse(allowed.SecretString!).username).toBe('admin')
    const denied = await refusal(client(session('reader')).send(new GetSecretValueCommand({ SecretId: 'rds/prod/admin' })))
    expect(denied.name).toBe('AccessDeniedException')
    expect(denied.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/reader/gha-run is not authorized to perform: ' +
        `secretsmanager:GetSecretValue on resource: ${allowed.ARN} ` +
        'because no identity-based policy allows the secretsmanager:GetSecretValue action',
    )
  })
})
