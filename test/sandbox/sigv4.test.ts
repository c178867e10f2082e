// The sandbox's SigV4 verifier against the AWS SDK's own signer (@smithy/signature-v4)
// as an independent oracle: requests it signs pass, the same requests tampered with fail,
// and every refusal has the code, message and status AWS gives.
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { SignatureV4 } from '@smithy/signature-v4'
import { AwsAuthError } from '../../sandbox/identity/aws-auth-error.js'
import { CredentialStore } from '../../sandbox/identity/credentials.js'
import { type SignedRequest, uriEscape } from '../../sandbox/identity/sigv4.js'

class Sha256 {
  private readonly hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret === undefined || typeof secret === 'string' ? secret
      : secret instanceof ArrayBuffer ? new Uint8Array(secret)
      : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
    this.hash = key === undefined ? createHash('sha256') : createHmac('sha256', key)
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()))
  }
  reset(): void {}
}

interface Draft {
  method?: string
  path?: string
  query?: Record<string, string | string[]>
  headers?: Record<string, string>
  body?: string
}

interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

function signer(keys: Keys, service: string): SignatureV4 {
  return new SignatureV4({ service, region: 'eu-west-1', credentials: keys, sha256: Sha256 })
}

function oracleRequest(draft: Draft) {
  return {
    method: draft.method ?? 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path: draft.path ?? '/',
    query: draft.query ?? {},
    headers: { host: '127.0.0.1:4566', ...(draft.headers ?? {}) },
    body: draft.body,
  }
}

/** The request as it reaches the server: the query string built as the SDK's HTTP handler builds it. */
function onTheWire(signed: ReturnType<typeof oracleRequest>): SignedRequest {
  const parts: string[] = []
  for (const [name, value] of Object.entries(signed.query).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${uriEscape(name)}=${uriEscape(v)}`)
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value
  return { method: signed.method, path: signed.path, query: parts.join('&'), headers, body: signed.body ?? '' }
}

async function sign(keys: Keys, service: string, draft: Draft, signingDate?: Date): Promise<SignedRequest> {
  const signed = await signer(keys, service).sign(oracleRequest(draft), { signingDate })
  return onTheWire(signed as unknown as ReturnType<typeof oracleRequest>)
}

function refusal(fn: () => unknown): AwsAuthError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AwsAuthError) return error
    throw error
  }
  throw new Error('expected an AwsAuthError, but the request was accepted')
}

const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }

describe('SigV4 verification', () => {
  const store = new CredentialStore({
    roles: [{ name: 'reader', trust: { subject: 'repo:octo-org/app:*' }, allowedActions: ['rds:Describe*'] }],
  })
  const root = store.issueRootKeys()
  const session = store.issueSessionCredentials('reader', 'gha-run-1', 3600)
  const sessionKeys = { accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey, sessionToken: session.SessionToken }

  it('accepts what the SDK signer signs, across canonicalization edge cases', async () => {
    const drafts: Draft[] = [
      { headers: form, body: 'Action=DescribeDBInstances&Version=2014-10-31' },
      { method: 'GET', query: { Action: 'DescribeDBInstances', Marker: 'a b+c/d*e~f', Filter: ['z', 'a'] } },
      { method: 'GET', path: '/db/x y/ünï', query: { 'weird key!': "it's (1)" } },
      { method: 'GET', path: '/a/./b/../c/' },
      { headers: { ...form, 'x-amz-meta-note': '  spaced    out   value ' }, body: 'Action=X&Version=1' },
      { headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' }, body: '{"SecretId":"db"}' },
    ]
    for (const draft of drafts) {
      const request = await sign(root, 'rds', draft)
      const caller = store.verifySigV4(request, 'rds')
      expect(caller).toMatchObject({ accessKeyId: root.accessKeyId, arn: 'arn:aws:iam::123456789012:root', region: 'eu-west-1' })
    }
  })

  it('accepts a role session and names the assumed role', async () => {
    const request = await sign(sessionKeys, 'rds', { headers: form, body: 'Action=DescribeDBInstances&Version=2014-10-31' })
    const caller = store.verifySigV4(request, 'rds')
    expect(caller.arn).toBe('arn:aws:sts::123456789012:assumed-role/reader/gha-run-1')
    expect(caller.roleName).toBe('reader')
    expect(caller.sessionName).toBe('gha-run-1')
    expect(caller.userId).toMatch(/^AROA[A-Z2-7]{17}:gha-run-1$/)
  })

  it('refuses every tampered part of a signed request with SignatureDoesNotMatch', async () => {
    const original = await sign(root, 'rds', {
      method: 'POST',
      path: '/',
      query: { Action: 'DescribeDBInstances' },
      headers: { ...form, 'x-amz-meta-note': 'v1' },
      body: 'Action=DescribeDBInstances&Version=2014-10-31',
    })
    expect(store.verifySigV4(original, 'rds').accessKeyId).toBe(root.accessKeyId)
    const tampered: SignedRequest[] = [
      { ...original, body: 'Action=DeleteDBInstance&Version=2014-10-31' },
      { ...original, method: 'PUT' },
      { ...original, path: '/other' },
      { ...original, query: 'Action=DeleteDBInstance' },
      { ...original, headers: { ...original.headers, 'x-amz-meta-note': 'v2' } },
      { ...original, headers: { ...original.headers, host: 'evil.example:4566' } },
    ]
    for (const request of tampered) {
      const error = refusal(() => store.verifySigV4(request, 'rds'))
      expect({ code: error.code, status: error.status }).toEqual({ code: 'SignatureDoesNotMatch', status: 403 })
      expect(error.message).toMatch(/^The request signature we calculated does not match the signature you provided/)
    }
  })

  it('refuses a wrong secret, an unknown key and an unsigned request with the codes AWS uses', async () => {
    const body = { headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15' }
    const wrongSecret = await sign({ ...root, secretAccessKey: 'not-the-secret' }, 'sts', body)
    expect(refusal(() => store.verifySigV4(wrongSecret, 'sts')).code).toBe('SignatureDoesNotMatch')

    const unknown = await sign({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, 'sts', body)
    const invalid = refusal(() => store.verifySigV4(unknown, 'sts'))
    expect(invalid).toMatchObject({ code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid' })
    const unknownRds = await sign({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, 'rds', body)
    expect(refusal(() => store.verifySigV4(unknownRds, 'rds')).message).toBe('The security token included in the request is invalid.')

    const unsigned: SignedRequest = { method: 'POST', path: '/', query: '', headers: { host: 'h', ...form }, body: 'Action=X' }
    expect(refusal(() => store.verifySigV4(unsigned, 'rds'))).toMatchObject({
      code: 'MissingAuthenticationToken',
      status: 403,
      message: 'Request is missing Authentication Token',
    })
  })

  it('answers JSON-protocol services with their own codes and HTTP 400', async () => {
    const draft = { headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' }
    const unknown = await sign({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'x' }, 'secretsmanager', draft)
    expect(refusal(() => store.verifySigV4(unknown, 'secretsmanager'))).toMatchObject({
      code: 'UnrecognizedClientException',
      status: 400,
      message: 'The security token included in the request is invalid.',
    })
    const wrong = await sign({ ...root, secretAccessKey: 'nope' }, 'secretsmanager', draft)
    expect(refusal(() => store.verifySigV4(wrong, 'secretsmanager')).code).toBe('InvalidSignatureException')
  })

  it('refuses a session key without its token, with another token, or after it expired', async () => {
    const body = { headers: form, body: 'Action=DescribeDBInstances&Version=2014-10-31' }
    const noToken = await sign({ accessKeyId: session.AccessKeyId, secretAccessKey: session.SecretAccessKey }, 'rds', body)
    expect(refusal(() => store.verifySigV4(noToken, 'rds')).code).toBe('InvalidClientTokenId')
    const otherToken = await sign({ ...sessionKeys, sessionToken: `${session.SessionToken}x` }, 'rds', body)
    expect(refusal(() => store.verifySigV4(otherToken, 'rds')).code).toBe('InvalidClientTokenId')

    const shortLived = store.issueSessionCredentials('reader', 'short', 1)
    const request = await sign(
      { accessKeyId: shortLived.AccessKeyId, secretAccessKey: shortLived.SecretAccessKey, sessionToken: shortLived.SessionToken },
      'rds',
      body,
    )
    expect(store.verifySigV4(request, 'rds').sessionName).toBe('short')
    const later = new Date(shortLived.Expiration.getTime() + 1000)
    expect(refusal(() => store.verifySigV4(request, 'rds', later))).toMatchObject({
      code: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    })
  })

  it('refuses a request signed more than 5 minutes away from the sandbox clock, as AWS words it', async () => {
    const body = { headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15' }
    const old = await sign(root, 'sts', body, new Date(Date.now() - 10 * 60_000))
    const expired = refusal(() => store.verifySigV4(old, 'sts'))
    expect(expired.code).toBe('SignatureDoesNotMatch')
    expect(expired.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/)
    const future = await sign(root, 'sts', body, new Date(Date.now() + 10 * 60_000))
    expect(refusal(() => store.verifySigV4(future, 'sts')).message).toMatch(/^Signature not yet current: /)
  })

  it('refuses a signature scoped to another service', async () => {
    const request = await sign(root, 'sts', { headers: form, body: 'Action=DescribeDBInstances' })
    const error = refusal(() => store.verifySigV4(request, 'rds'))
    expect(error.code).toBe('SignatureDoesNotMatch')
    expect(error.message).toContain("Credential should be scoped to correct service: 'rds'")
  })

  it('verifies presigned URLs (the form of RDS IAM auth tokens) and their expiry', async () => {
    const presigned = await signer(root, 'rds-db').presign(
      oracleRequest({ method: 'GET', query: { Action: 'connect', DBUser: 'app' } }),
      { expiresIn: 900 },
    )
    const request = onTheWire(presigned as unknown as ReturnType<typeof oracleRequest>)
    expect(request.query).toContain('X-Amz-Signature=')
    expect(store.verifySigV4(request, 'rds-db').accessKeyId).toBe(root.accessKeyId)
    const otherUser = { ...request, query: request.query.replace('DBUser=app', 'DBUser=admin') }
    expect(refusal(() => store.verifySigV4(otherUser, 'rds-db')).code).toBe('SignatureDoesNotMatch')
    const afterExpiry = new Date(Date.now() + 901_000)
    expect(refusal(() => store.verifySigV4(request, 'rds-db', afterExpiry)).message).toMatch(/^Signature expired/)
  })
})

describe('simulated IAM policy', () => {
  const store = new CredentialStore({
    roles: [
      { name: 'reader', trust: { subject: 'repo:octo-org/app:*' }, allowedActions: ['rds:Describe*', 'secretsmanager:GetSecretValue'] },
    ],
  })
  const root = store.issueRootKeys()
  const session = store.issueSessionCredentials('reader', 'gha', 3600)
  const sessionCaller = {
    accessKeyId: session.AccessKeyId,
    arn: 'arn:aws:sts::123456789012:assumed-role/reader/gha',
    account: store.account,
    userId: 'AROAEXAMPLE:gha',
    region: 'us-east-1',
    roleName: 'reader',
    sessionName: 'gha',
  }

  it('allows what the role allows, with wildcards and IAM case-insensitivity', () => {
    expect(() => store.authorize(sessionCaller, 'rds:DescribeDBInstances')).not.toThrow()
    expect(() => store.authorize(sessionCaller, 'rds:describeblueGreenDeployments')).not.toThrow()
    expect(() => store.authorize(sessionCaller, 'secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:x')).not.toThrow()
  })

  it('denies the rest with AccessDenied naming caller, action and resource', () => {
    const resource = 'arn:aws:rds:us-east-1:123456789012:db:prod'
    const error = refusal(() => store.authorize(sessionCaller, 'rds:SwitchoverBlueGreenDeployment', resource))
    expect(error).toMatchObject({ code: 'AccessDenied', status: 403 })
    expect(error.message).toBe(
      'User: arn:aws:sts::123456789012:assumed-role/reader/gha is not authorized to perform: ' +
        `rds:SwitchoverBlueGreenDeployment on resource: ${resource} ` +
        'because no identity-based policy allows the rds:SwitchoverBlueGreenDeployment action',
    )
    const json = refusal(() => store.authorize(sessionCaller, 'secretsmanager:DescribeSecret', 'db'))
    expect(json).toMatchObject({ code: 'AccessDeniedException', status: 400 })
  })

  it('lets the root keys do anything', () => {
    const rootCaller = { accessKeyId: root.accessKeyId, arn: 'arn:aws:iam::123456789012:root', account: store.account, userId: store.account, region: 'us-east-1' }
    expect(() => store.authorize(rootCaller, 'rds:DeleteDBInstance', 'arn:aws:rds:us-east-1:123456789012:db:prod')).not.toThrow()
  })
})
