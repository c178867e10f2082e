// The OIDC path for real, against the sandbox's identity services: the job's OIDC token
// from the GitHub token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL), exchanged at the
// sandbox's STS (AWS_ENDPOINT_URL_STS) for a role whose trust policy names the repository,
// the credentials masked before anything uses them, and RDS calls signed with them (checked
// by the sandbox's credential store: the signature verifies and the caller is the role).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds'
import { createAwsClients } from '../../src/aws/clients.js'
import { AuthenticationError, resolveAwsCredentials } from '../../src/aws/credentials.js'
import type { AwsInputs } from '../../src/inputs/types.js'
import { DEPLOY_ROLE, startIdentityServices, type Caller, type IdentityServices, type SessionCredentials } from '../../sandbox/identity/index.js'
import { queryError, startHttpStub, type HttpStub } from '../helpers/http-stub.js'
import { runAction } from '../helpers/run-action.js'

let services: IdentityServices
let rds: HttpStub
let role: string
/** Every set of temporary credentials the sandbox's STS issued, in order. */
const issued: SessionCredentials[] = []
/** Who signed each RDS request (per the sandbox's SigV4 verification). */
const rdsCallers: (Caller | string)[] = []

beforeAll(async () => {
  services = await startIdentityServices()
  role = `arn:aws:iam::${services.credentials.account}:role/${DEPLOY_ROLE}`
  // Observe what STS hands out (a spy on the real store, not a stand-in).
  const issue = services.credentials.issueSessionCredentials.bind(services.credentials)
  services.credentials.issueSessionCredentials = (...args) => {
    const c = issue(...args)
    issued.push(c)
    return c
  }
  // RDS itself is not needed here: an endpoint that verifies who signed (with the
  // sandbox's credential store) and answers "not found", as RDS does for a missing database.
  rds = await startHttpStub((req) => {
    const q = req.url.indexOf('?')
    try {
      rdsCallers.push(
        services.credentials.verifySigV4(
          { method: req.method, path: q < 0 ? req.url : req.url.slice(0, q), query: q < 0 ? '' : req.url.slice(q + 1), headers: req.headers, body: Buffer.from(req.body) },
          'rds',
        ),
      )
    } catch (error) {
      rdsCallers.push(String(error))
    }
    return queryError('DBInstanceNotFound', 'DBInstance orders-db not found.', 404)
  })
})
afterAll(async () => {
  await Promise.all([services.close(), rds.close()])
})

const savedEnv = { ...process.env }
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
  Object.assign(process.env, savedEnv)
})

function jwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

describe('role-to-assume through GitHub OIDC (dist/index.js)', () => {
  it('exchanges the OIDC token at STS, masks the credentials before use, and signs RDS calls with them', async () => {
    const before = { tokens: services.oidc.tokensIssued, issued: issued.length, rds: rdsCallers.length }
    const result = await runAction({
      inputs: { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'role-to-assume': role, 'role-session-name': 'ci-run-42' },
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: services.env.ACTIONS_ID_TOKEN_REQUEST_URL,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        AWS_ENDPOINT_URL_STS: services.env.AWS_ENDPOINT_URL_STS,
        AWS_ENDPOINT_URL_RDS: rds.url,
      },
    })
    expect(services.oidc.tokensIssued).toBe(before.tokens + 1)
    expect(issued.length).toBe(before.issued + 1)
    const granted = issued.at(-1)!

    // The OIDC token (a JWT for audience sts.amazonaws.com) and all three parts of the
    // credentials are masked, and no line but an ::add-mask:: line contains them.
    const token = result.masks.map((m) => m.value).find((v) => jwtPayload(v)?.aud === 'sts.amazonaws.com')
    expect(token).toBeDefined()
    for (const secret of [token!, granted.AccessKeyId, granted.SecretAccessKey, granted.SessionToken]) {
      expect(result.masks.some((m) => m.value === secret)).toBe(true)
      expect(result.lines.filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'))).toEqual([])
      expect(result.stderr).not.toContain(secret)
      expect(result.summary).not.toContain(secret)
    }
    // Masked before the line that reports the role was assumed.
    const assumed = result.lines.findIndex((l) => l.startsWith(`Assumed arn:aws:sts::${services.credentials.account}:assumed-role/${DEPLOY_ROLE}/ci-run-42`))
    expect(assumed).toBeGreaterThan(0)
    expect(Math.max(...result.masks.map((m) => m.line))).toBeLessThan(assumed)
    expect(result.lines[0]).toBe('rds-blue-green 0.1.0: mode prepare')
    // Whatever prepare does, every RDS call it made was validly signed by the assumed role.
    for (const caller of rdsCallers.slice(before.rds)) {
      expect(caller).toMatchObject({ accessKeyId: granted.AccessKeyId, roleName: DEPLOY_ROLE })
    }
    expect(result.exitCode).toBe(1)
  })

  it('fails with one line naming the permission when the job has no OIDC token', async () => {
    const result = await runAction({
      inputs: { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'role-to-assume': role },
      env: { AWS_ENDPOINT_URL_STS: services.env.AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_RDS: rds.url },
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(/^Could not get a GitHub OIDC token for role-to-assume \(.*\): give the job 'permissions: id-token: write'$/)
  })

  it('fails with one line about the trust policy when the role does not trust the repository', async () => {
    services.oidc.setWorkflow({ repository: 'someone-else/fork' })
    try {
      const result = await runAction({
        inputs: { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'role-to-assume': role },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: services.env.ACTIONS_ID_TOKEN_REQUEST_URL,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
          AWS_ENDPOINT_URL_STS: services.env.AWS_ENDPOINT_URL_STS,
          AWS_ENDPOINT_URL_RDS: rds.url,
        },
      })
      expect(result.exitCode).toBe(1)
      expect(result.errors).toHaveLength(1)
      expect(result.errors[0]).toMatch(/^Could not assume arn:aws:iam::\d{12}:role\/rds-blue-green-deploy with the GitHub OIDC token \(.+\): check the role's trust policy allows this repository and audience sts\.amazonaws\.com$/)
    } finally {
      services.oidc.setWorkflow({ repository: 'octo-org/app' })
    }
  })
})

describe('resolveAwsCredentials', () => {
  const aws = (): AwsInputs => ({
    region: 'us-east-1',
    roleToAssume: role,
    roleSessionName: 'rds-blue-green',
    roleDurationSeconds: 900,
    audience: 'sts.amazonaws.com',
    retryMaxAttempts: 3,
  })

  it('re-assumes with a fresh OIDC token when the credentials near expiry', async () => {
    Object.assign(process.env, {
      ACTIONS_ID_TOKEN_REQUEST_URL: services.env.ACTIONS_ID_TOKEN_REQUEST_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      AWS_ENDPOINT_URL_STS: services.env.AWS_ENDPOINT_URL_STS,
      AWS_ENDPOINT_URL_RDS: rds.url,
    })
    let clock = Date.now()
    const masked: string[] = []
    const resolved = await resolveAwsCredentials(aws(), {
      // core.getIDToken prints ::add-mask:: itself; keep the test output quiet.
      getIDToken: (audience) => withQuietStdout(() => core.getIDToken(audience)),
      setSecret: (v) => masked.push(v),
      info: () => undefined,
      now: () => clock,
    })
    const first = await resolved.provider!()
    expect(await resolved.provider!()).toBe(first)
    clock += 11 * 60_000 // 900 s credentials: within 5 minutes of expiry now
    const second = await resolved.provider!()
    expect(second.accessKeyId).not.toBe(first.accessKeyId)
    expect(masked).toEqual(expect.arrayContaining([first.accessKeyId, first.secretAccessKey, first.sessionToken!, second.accessKeyId, second.secretAccessKey, second.sessionToken!]))
    clock = Date.now() // the second credentials are fresh again

    // And the RDS client signs with whatever the provider returns now.
    const clients = createAwsClients({ region: 'us-east-1', credentials: resolved.provider!, maxAttempts: 1 })
    const before = rdsCallers.length
    await expect(clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' })
    clients.destroy()
    expect(rdsCallers[before]).toMatchObject({ accessKeyId: second.accessKeyId, roleName: DEPLOY_ROLE })
  })

  it('refuses an audience the identity provider does not accept, pointing at the trust policy', async () => {
    Object.assign(process.env, {
      ACTIONS_ID_TOKEN_REQUEST_URL: services.env.ACTIONS_ID_TOKEN_REQUEST_URL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: services.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
      AWS_ENDPOINT_URL_STS: services.env.AWS_ENDPOINT_URL_STS,
    })
    const promise = resolveAwsCredentials({ ...aws(), audience: 'not-sts' }, {
      getIDToken: (a) => withQuietStdout(() => core.getIDToken(a)),
      setSecret: () => undefined,
      info: () => undefined,
    })
    await expect(promise).rejects.toBeInstanceOf(AuthenticationError)
    await expect(promise).rejects.toThrow(/^Could not assume .* \(.+\): check the role's trust policy allows this repository and audience not-sts$/)
  })

  it('uses the default chain (no provider) without role-to-assume', async () => {
    const resolved = await resolveAwsCredentials({ ...aws(), roleToAssume: undefined }, { getIDToken: () => Promise.reject(new Error('not called')), setSecret: () => undefined, info: () => undefined })
    expect(resolved).toEqual({})
  })
})

/** Runs fn with process.stdout writes of @actions/core (::add-mask::, ::debug::) swallowed. */
async function withQuietStdout<T>(fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) =>
    String(chunk).startsWith('::') ? true : write(chunk, ...(rest as []))) as typeof process.stdout.write
  try {
    return await fn()
  } finally {
    process.stdout.write = write
  }
}
