// The OIDC path for real: @actions/core's getIDToken() against the sandbox's Actions
// token endpoint, then @aws-sdk/client-sts's AssumeRoleWithWebIdentity and
// GetCallerIdentity against the sandbox's STS, including every refusal, the SDK's default
// credential chain (web identity token file) and its clock-skew correction.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { CredentialStore } from '../../sandbox/identity/credentials.js'
import type { RunningService } from '../../sandbox/identity/http-service.js'
import { type RunningOidcEndpoint, startOidcTokenEndpoint } from '../../sandbox/identity/oidc.js'
import { GITHUB_OIDC_ISSUER_URL, OidcIssuer, workflowContext } from '../../sandbox/identity/oidc-issuer.js'
import { startSts } from '../../sandbox/identity/sts.js'

const ROLE = 'arn:aws:iam::123456789012:role/deployer'
const savedEnv = { ...process.env }

/** getIDToken as an action calls it; stdout (where it writes ::add-mask::) is captured. */
async function getIDToken(audience?: string): Promise<{ token: string; stdout: string }> {
  const writes: string[] = []
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk))
    return true
  })
  try {
    const token = await core.getIDToken(audience)
    return { token, stdout: writes.join('') }
  } finally {
    spy.mockRestore()
  }
}

async function stsError(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise
  } catch (error) {
    if (error instanceof STSServiceException) return error
    throw error
  }
  throw new Error('expected STS to refuse')
}

describe('GitHub OIDC token endpoint and STS', () => {
  let oidc: RunningOidcEndpoint
  let sts: RunningService
  let store: CredentialStore
  let anonymous: STSClient

  beforeAll(async () => {
    oidc = await startOidcTokenEndpoint({ workflow: { repository: 'octo-org/app', ref: 'refs/heads/main' } })
    store = new CredentialStore({
      roles: [
        {
          name: 'deployer',
          trust: { subject: ['repo:octo-org/app:ref:refs/heads/main', 'repo:octo-org/app:environment:prod*'] },
          allowedActions: ['rds:*'],
          maxSessionDurationSeconds: 7200,
        },
      ],
    })
    store.addOidcProvider({ url: GITHUB_OIDC_ISSUER_URL, jwks: oidc.issuer.jwks })
    sts = await startSts({ credentials: store })
    process.env.ACTIONS_ID_TOKEN_REQUEST_URL = oidc.requestUrl
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.requestToken
    anonymous = new STSClient({ region: 'us-east-1', endpoint: sts.url })
  })

  afterAll(async () => {
    process.env = savedEnv
    anonymous.destroy()
    await Promise.all([oidc.close(), sts.close()])
  })

  it('issues a GitHub-shaped RS256 ID token to @actions/core, which masks it', async () => {
    const { token, stdout } = await getIDToken('sts.amazonaws.com')
    expect(stdout).toContain(`::add-mask::${token}`)
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: oidc.issuer.kid })
    const jwks = (await (await fetch(`${oidc.url}/.well-known/jwks`)).json()) as Parameters<typeof createLocalJWKSet>[0]
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), { issuer: GITHUB_OIDC_ISSUER_URL, audience: 'sts.amazonaws.com' })
    expect(payload).toMatchObject({
      sub: 'repo:octo-org/app:ref:refs/heads/main',
      repository: 'octo-org/app',
      repository_owner: 'octo-org',
      ref: 'refs/heads/main',
      ref_type: 'branch',
      job_workflow_ref: 'octo-org/app/.github/workflows/deploy.yml@refs/heads/main',
      runner_environment: 'github-hosted',
    })
    expect(typeof payload.jti).toBe('string')
    const now = Math.floor(Date.now() / 1000)
    expect(payload.iat).toBeGreaterThanOrEqual(now - 5)
    expect(payload.nbf).toBe(payload.iat! - 300)
    expect(payload.exp).toBe(payload.iat! + 21600)
  })

  it('defaults the audience to the repository owner URL and follows the workflow context', async () => {
    const { token } = await getIDToken()
    const { payload } = await jwtVerify(token, createLocalJWKSet(oidc.issuer.jwks))
    expect(payload.aud).toBe('https://github.com/octo-org')

    oidc.setWorkflow({ environment: 'production' })
    try {
      const envToken = (await getIDToken('sts.amazonaws.com')).token
      const claims = (await jwtVerify(envToken, createLocalJWKSet(oidc.issuer.jwks))).payload
      expect(claims.sub).toBe('repo:octo-org/app:environment:production')
      expect(claims.environment).toBe('production')
    } finally {
      oidc.setWorkflow({ environment: undefined })
    }
    expect(workflowContext({ eventName: 'pull_request', ref: 'refs/pull/7/merge' })).toMatchObject({ ref: 'refs/pull/7/merge' })
  })

  it('refuses a wrong or missing request token with 401, as the runtime does', async () => {
    process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = 'not-the-token'
    try {
      await expect(core.getIDToken('sts.amazonaws.com')).rejects.toThrow(/Error Code : 401/)
    } finally {
      process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = oidc.requestToken
    }
    const bare = await fetch(oidc.requestUrl)
    expect(bare.status).toBe(401)
    expect(oidc.tokensIssued).toBeGreaterThan(0)
  })

  it('exchanges the token for temporary credentials that GetCallerIdentity accepts', async () => {
    const { token } = await getIDToken('sts.amazonaws.com')
    const assumed = await anonymous.send(
      new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'GitHubActions', WebIdentityToken: token, DurationSeconds: 7200 }),
    )
    expect(assumed.SubjectFromWebIdentityToken).toBe('repo:octo-org/app:ref:refs/heads/main')
    expect(assumed.Audience).toBe('sts.amazonaws.com')
    expect(assumed.Provider).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com')
    expect(assumed.AssumedRoleUser?.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deployer/GitHubActions')
    expect(assumed.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:GitHubActions$/)
    const creds = assumed.Credentials!
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(creds.Expiration!.getTime() - Date.now()).toBeGreaterThan(7190_000)
    expect(assumed.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)

    const client = new STSClient({
      region: 'eu-central-1',
      endpoint: sts.url,
      credentials: { accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey!, sessionToken: creds.SessionToken! },
    })
    const identity = await client.send(new GetCallerIdentityCommand({}))
    client.destroy()
    expect(identity).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:sts::123456789012:assumed-role/deployer/GitHubActions',
      UserId: assumed.AssumedRoleUser?.AssumedRoleId,
    })
  })

  it('answers GetCallerIdentity for the root keys, and refuses keys it did not issue', async () => {
    const root = store.issueRootKeys()
    const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: root })
    expect(await client.send(new GetCallerIdentityCommand({}))).toMatchObject({
      Account: '123456789012',
      Arn: 'arn:aws:iam::123456789012:root',
      UserId: '123456789012',
    })
    client.destroy()
    const stranger = new STSClient({
      region: 'us-east-1',
      endpoint: sts.url,
      credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    })
    const error = await stsError(stranger.send(new GetCallerIdentityCommand({})))
    stranger.destroy()
    expect(error.name).toBe('InvalidClientTokenId')
    expect(error.$metadata.httpStatusCode).toBe(403)
    expect(error.message).toBe('The security token included in the request is invalid')
  })

  it('refuses a request whose body was changed after signing', async () => {
    const root = store.issueRootKeys()
    const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: root, maxAttempts: 1 })
    type Args = { request: unknown }
    const tamper = (next: (args: Args) => Promise<unknown>) => async (args: Args) => {
        // A proxy adding a parameter after signing (and fixing Content-Length, as it would).
        const request = args.request as { body?: string; headers: Record<string, string> }
        request.body = `${request.body ?? ''}&Extra=1`
        request.headers['content-length'] = String(Buffer.byteLength(request.body))
        return next(args)
      }
    // The SDK's middleware types are a union the test need not spell out.
    client.middlewareStack.addRelativeTo(tamper as never, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamper' })
    const error = await stsError(client.send(new GetCallerIdentityCommand({})))
    client.destroy()
    expect(error.name).toBe('SignatureDoesNotMatch')
  })

  it('answers a request signed with a skewed clock as AWS does, with a Date header the SDK learns its offset from', async () => {
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: sts.url,
      credentials: store.issueRootKeys(),
      systemClockOffset: -15 * 60_000,
      maxAttempts: 1,
    })
    const error = await stsError(client.send(new GetCallerIdentityCommand({})))
    expect(error.name).toBe('SignatureDoesNotMatch')
    expect(error.message).toMatch(/^Signature expired: .* - 5 min\.\)$/)
    // The SDK re-reads the server time from our Date header; the next request is on time.
    expect(Math.abs(client.config.systemClockOffset)).toBeLessThan(60_000)
    expect((await client.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:iam::123456789012:root')
    client.destroy()
  })

  describe('refusals', () => {
    const assume = (token: string, extra: { RoleArn?: string; DurationSeconds?: number; RoleSessionName?: string } = {}) =>
      stsError(
        anonymous.send(
          new AssumeRoleWithWebIdentityCommand({ RoleArn: ROLE, RoleSessionName: 'GitHubActions', WebIdentityToken: token, ...extra }),
        ),
      )

    it('AccessDenied when the subject does not match the trust rule', async () => {
      oidc.setWorkflow({ ref: 'refs/heads/feature-x' })
      const { token } = await getIDToken('sts.amazonaws.com').finally(() => oidc.setWorkflow({ ref: 'refs/heads/main' }))
      const error = await assume(token)
      expect(error.name).toBe('AccessDenied')
      expect(error.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity')
      expect(error.$metadata.httpStatusCode).toBe(403)
    })

    it('AccessDenied for a role that does not exist (STS does not tell them apart)', async () => {
      const { token } = await getIDToken('sts.amazonaws.com')
      expect((await assume(token, { RoleArn: 'arn:aws:iam::123456789012:role/nope' })).name).toBe('AccessDenied')
    })

    it('InvalidIdentityToken for an audience the OIDC provider does not list', async () => {
      const { token } = await getIDToken('https://github.com/octo-org')
      const error = await assume(token)
      // The SDK maps the wire code InvalidIdentityToken to its modelled exception.
      expect(error.name).toBe('InvalidIdentityTokenException')
      expect(error.message).toBe('Incorrect token audience')
    })

    it('InvalidIdentityToken for a token signed by another key or from an unknown issuer', async () => {
      const impostor = await OidcIssuer.create()
      const forged = await impostor.issue(oidc.workflow, 'sts.amazonaws.com')
      expect((await assume(forged)).name).toBe('InvalidIdentityTokenException')

      const elsewhere = await OidcIssuer.create('https://token.example.com')
      const error = await assume(await elsewhere.issue(oidc.workflow, 'sts.amazonaws.com'))
      expect(error.name).toBe('InvalidIdentityTokenException')
      expect(error.message).toBe('No OpenIDConnect provider found in your account for https://token.example.com')

      expect((await assume('not-a-jwt')).name).toBe('InvalidIdentityTokenException')
    })

    it('ExpiredTokenException for an expired token', async () => {
      const stale = await oidc.issuer.issue(oidc.workflow, 'sts.amazonaws.com', {
        issuedAt: new Date(Date.now() - 7 * 3600_000),
      })
      const error = await assume(stale)
      expect(error.name).toBe('ExpiredTokenException')
      expect(error.message).toMatch(/^Token expired: current date\/time \d+ must be before the expiration date\/time \d+$/)
    })

    it('ValidationError for a duration past the role maximum or a bad session name', async () => {
      const { token } = await getIDToken('sts.amazonaws.com')
      const tooLong = await assume(token, { DurationSeconds: 10800 })
      expect(tooLong.name).toBe('ValidationError')
      expect(tooLong.message).toBe('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
      expect((await assume(token, { RoleSessionName: 'has space' })).name).toBe('ValidationError')
    })
  })

  it("runs the SDK's default credential chain through a web identity token file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oidc-sts-test-'))
    try {
      const tokenFile = join(dir, 'token')
      writeFileSync(tokenFile, (await getIDToken('sts.amazonaws.com')).token)
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name]
      Object.assign(process.env, {
        AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
        AWS_ROLE_ARN: ROLE,
        AWS_ROLE_SESSION_NAME: 'from-token-file',
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_CONFIG_FILE: join(dir, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
      })
      const client = new STSClient({ region: 'us-east-1' })
      const identity = await client.send(new GetCallerIdentityCommand({}))
      client.destroy()
      expect(identity.Arn).toBe('arn:aws:sts::123456789012:assumed-role/deployer/from-token-file')
    } finally {
      rmSync(dir, { recursive: true, force: true })
      for (const name of ['AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_ROLE_ARN', 'AWS_ROLE_SESSION_NAME', 'AWS_ENDPOINT_URL_STS']) delete process.env[name]
    }
  })
})
