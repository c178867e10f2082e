// How the sandbox's RDS endpoint uses the CredentialStore, shown on a minimal endpoint
// (the real RDS model lives elsewhere): @aws-sdk/client-rds requests verify, keys the
// sandbox did not issue get InvalidClientTokenId, the role's policy decides AccessDenied.
// Also RDS IAM database auth tokens from @aws-sdk/rds-signer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DescribeDBInstancesCommand, RDSClient, RDSServiceException, RebootDBInstanceCommand } from '@aws-sdk/client-rds'
import { Signer } from '@aws-sdk/rds-signer'
import { AwsAuthError } from '../../sandbox/identity/aws-auth-error.js'
import { CredentialStore } from '../../sandbox/identity/credentials.js'
import { type RunningService, serveHttp, signedRequestOf } from '../../sandbox/identity/http-service.js'
import { queryParameters, sendQueryError, sendQueryResult } from '../../sandbox/identity/query-protocol.js'
import { verifyRdsAuthToken } from '../../sandbox/identity/rds-auth-token.js'

const RDS_NAMESPACE = 'http://rds.amazonaws.com/doc/2014-10-31/'

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

async function rdsError(promise: Promise<unknown>): Promise<RDSServiceException> {
  try {
    await promise
  } catch (error) {
    if (error instanceof RDSServiceException) return error
    throw error
  }
  throw new Error('expected RDS to refuse')
}

describe('RDS requests through the credential store', () => {
  const store = new CredentialStore({
    roles: [{ name: 'reader', trust: { subject: 'repo:octo-org/app:*' }, allowedActions: ['rds:Describe*'] }],
  })
  let endpoint: RunningService
  const clients: RDSClient[] = []
  const rds = (credentials: Keys) => {
    const client = new RDSClient({ region: 'us-east-1', endpoint: endpoint.url, credentials, maxAttempts: 1 })
    clients.push(client)
    return client
  }
  const session = (): Keys => {
    const c = store.issueSessionCredentials('reader', 'gha', 900)
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken }
  }

  beforeAll(async () => {
    endpoint = await serveHttp('rds-test', (req, res, body) => {
      const params = queryParameters('', body, req.headers['content-type'])
      const action = params.get('Action') ?? ''
      try {
        const caller = store.verifySigV4(signedRequestOf(req, body), 'rds')
        store.authorize(caller, `rds:${action}`, `arn:aws:rds:${caller.region}:${caller.account}:db:${params.get('DBInstanceIdentifier') ?? '*'}`)
        sendQueryResult(res, RDS_NAMESPACE, action, '    <DBInstances/>')
      } catch (error) {
        if (!(error instanceof AwsAuthError)) throw error
        sendQueryError(res, RDS_NAMESPACE, error)
      }
    })
  })

  afterAll(async () => {
    for (const c of clients) c.destroy()
    await endpoint.close()
  })

  it('accepts the RDS client signed with the root keys or a role session', async () => {
    expect((await rds(store.issueRootKeys()).send(new DescribeDBInstancesCommand({}))).DBInstances).toEqual([])
    expect((await rds(session()).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'prod' }))).DBInstances).toEqual([])
  })

  it('refuses keys the sandbox did not issue with InvalidClientTokenId', async () => {
    const error = await rdsError(rds({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }).send(new DescribeDBInstancesCommand({})))
    expect(error.name).toBe('InvalidClientTokenId')
    expect(error.$metadata.httpStatusCode).toBe(403)
  })

  it("refuses what the role's policy does not allow with AccessDenied", async () => {
    const error = await rdsError(rds(session()).send(new RebootDBInstanceCommand({ DBInstanceIdentifier: 'prod' })))
    expect(error.name).toBe('AccessDenied')
    expect(error.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/reader/gha is not authorized to perform: rds:RebootDBInstance ' +
        'on resource: arn:aws:rds:us-east-1:123456789012:db:prod because no identity-based policy allows the rds:RebootDBInstance action',
    )
  })

  it('verifies IAM database auth tokens from @aws-sdk/rds-signer', async () => {
    const target = { hostname: 'prod.cluster-abc.us-east-1.rds.amazonaws.com', port: 3306, user: 'app' }
    const token = await new Signer({ ...target, username: 'app', region: 'us-east-1', credentials: store.issueRootKeys() }).getAuthToken()
    expect(token).toMatch(/^prod\.cluster-abc\.us-east-1\.rds\.amazonaws\.com:3306\/\?Action=connect&DBUser=app&X-Amz-/)
    expect(verifyRdsAuthToken(store, token, target).arn).toBe('arn:aws:iam::123456789012:root')
    expect(() => verifyRdsAuthToken(store, token, { ...target, user: 'admin' })).toThrow(AwsAuthError)
    expect(() => verifyRdsAuthToken(store, token.replace('DBUser=app', 'DBUser=adm'), { ...target, user: 'adm' })).toThrow(
      expect.objectContaining({ code: 'SignatureDoesNotMatch' }),
    )
    expect(() => verifyRdsAuthToken(store, token, target, new Date(Date.now() + 16 * 60_000))).toThrow(/Signature expired/)
    // A role session whose policy lacks rds-db:connect is refused.
    const sessionToken = await new Signer({ ...target, username: 'app', region: 'us-east-1', credentials: session() }).getAuthToken()
    expect(() => verifyRdsAuthToken(store, sessionToken, target)).toThrow(expect.objectContaining({ code: 'AccessDenied' }))
  })
})
