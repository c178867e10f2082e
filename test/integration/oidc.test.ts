// The OIDC path for real: the job's OIDC token from a token endpoint reached through
// ACTIONS_ID_TOKEN_REQUEST_URL, exchanged at an STS endpoint reached through
// AWS_ENDPOINT_URL_STS, the credentials masked before anything uses them, and RDS calls
// signed with them.
// TEMPORARY: the token endpoint and STS are test/helpers/stand-ins.ts until the sandbox's
// own (sandbox/identity/, branch sandbox-wire) land on main; then switch to those.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'
import { DescribeDBInstancesCommand } from '@aws-sdk/client-rds'
import { createAwsClients } from '../../src/aws/clients.js'
import { AuthenticationError, resolveAwsCredentials } from '../../src/aws/credentials.js'
import type { AwsInputs } from '../../src/inputs/types.js'
import { queryError, startHttpStub, type HttpStub } from '../helpers/http-stub.js'
import { runAction } from '../helpers/run-action.js'
import { startOidcStandIn, startStsStandIn, type OidcStandIn, type StsStandIn } from '../helpers/stand-ins.js'

const ROLE = 'arn:aws:iam::123456789012:role/rds-blue-green-deployer'

let oidc: OidcStandIn
let sts: StsStandIn
let rds: HttpStub

beforeAll(async () => {
  oidc = await startOidcStandIn()
  sts = await startStsStandIn((token) => oidc.issued.some((t) => t.token === token && t.audience === 'sts.amazonaws.com'), 900)
  // Refuses everything, as RDS does for a database that does not exist; records who signed.
  rds = await startHttpStub(() => queryError('DBInstanceNotFound', 'DBInstance orders-db not found.', 404))
})
afterAll(async () => {
  await Promise.all([oidc.close(), sts.close(), rds.close()])
})

const savedEnv = { ...process.env }
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key]
  Object.assign(process.env, savedEnv)
})

function signedBy(authorization: string | string[] | undefined): string | undefined {
  return /Credential=([^/]+)\//.exec(String(authorization))?.[1]
}

describe('role-to-assume through GitHub OIDC (dist/index.js)', () => {
  it('exchanges the OIDC token at STS, masks the credentials before use, and signs RDS calls with them', async () => {
    const before = { issued: oidc.issued.length, granted: sts.granted.length }
    const result = await runAction({
      inputs: { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'role-to-assume': ROLE, 'role-session-name': 'ci-run-42' },
      env: { ...oidc.env, AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_RDS: rds.url },
    })
    expect(oidc.issued.length).toBe(before.issued + 1)
    expect(sts.granted.length).toBe(before.granted + 1)
    const token = oidc.issued.at(-1)!
    const granted = sts.granted.at(-1)!
    expect(token.audience).toBe('sts.amazonaws.com')
    expect(granted).toMatchObject({ roleArn: ROLE, sessionName: 'ci-run-42', token: token.token })

    // Each secret is masked, and no line but an ::add-mask:: line contains it.
    for (const secret of [token.token, granted.accessKeyId, granted.secretAccessKey, granted.sessionToken]) {
      expect(result.masks.some((m) => m.value === secret)).toBe(true)
      const leaks = result.lines.filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'))
      expect(leaks).toEqual([])
      expect(result.stderr).not.toContain(secret)
      expect(result.summary).not.toContain(secret)
    }
    // Masked before the first line that reports the role was assumed.
    const assumed = result.lines.findIndex((l) => l.startsWith('Assumed arn:aws:sts::123456789012:assumed-role/rds-blue-green-deployer/ci-run-42'))
    expect(assumed).toBeGreaterThan(0)
    expect(Math.max(...result.masks.map((m) => m.line))).toBeLessThan(assumed)
    expect(result.lines[0]).toBe('rds-blue-green 0.1.0: mode prepare')
    // Whatever prepare does, every RDS call it made was signed with the assumed credentials.
    for (const request of rds.requests) expect(signedBy(request.headers.authorization)).toBe(granted.accessKeyId)
    expect(result.exitCode).toBe(1)
  })

  it('fails with one line naming the permission when the job has no OIDC token', async () => {
    const result = await runAction({
      inputs: { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'role-to-assume': ROLE },
      env: { AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_RDS: rds.url },
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(/^Could not get a GitHub OIDC token for role-to-assume \(.*\): give the job 'permissions: id-token: write'$/)
  })
})

describe('resolveAwsCredentials', () => {
  const aws: AwsInputs = {
    region: 'us-east-1',
    roleToAssume: ROLE,
    roleSessionName: 'rds-blue-green',
    roleDurationSeconds: 900,
    audience: 'sts.amazonaws.com',
    retryMaxAttempts: 3,
  }

  it('re-assumes with a fresh OIDC token when the credentials near expiry', async () => {
    Object.assign(process.env, oidc.env, { AWS_ENDPOINT_URL_STS: sts.url, AWS_ENDPOINT_URL_RDS: rds.url })
    let clock = Date.now()
    const masked: string[] = []
    const resolved = await resolveAwsCredentials(aws, {
      getIDToken: (audience) => core.getIDToken(audience),
      setSecret: (v) => masked.push(v),
      info: () => undefined,
      now: () => clock,
    })
    const first = await resolved.provider!()
    expect(await resolved.provider!()).toBe(first)
    clock += 11 * 60_000 // 900 s credentials: within 5 minutes of expiry now
    const second = await resolved.provider!()
    expect(second.accessKeyId).not.toBe(first.accessKeyId)
    expect(masked).toEqual(expect.arrayContaining([first.accessKeyId, first.secretAccessKey, first.sessionToken!, second.accessKeyId, second.sessionToken!]))
    clock = Date.now() // the second credentials are fresh again

    // And the RDS client uses whatever the provider returns now.
    const clients = createAwsClients({ region: 'us-east-1', credentials: resolved.provider!, maxAttempts: 1 })
    rds.requests.length = 0
    await expect(clients.rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'orders-db' }))).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault' })
    clients.destroy()
    expect(signedBy(rds.requests[0]?.headers.authorization)).toBe(second.accessKeyId)
  })

  it('says to check the trust policy when STS refuses the token', async () => {
    const refusing = await startStsStandIn(() => false)
    Object.assign(process.env, oidc.env, { AWS_ENDPOINT_URL_STS: refusing.url })
    try {
      const promise = resolveAwsCredentials(aws, { getIDToken: (a) => core.getIDToken(a), setSecret: () => undefined, info: () => undefined })
      await expect(promise).rejects.toBeInstanceOf(AuthenticationError)
      await expect(promise).rejects.toThrow(/^Could not assume arn:aws:iam::123456789012:role\/rds-blue-green-deployer with the GitHub OIDC token \(.*InvalidIdentityToken|Couldn't verify.*\): check the role's trust policy/)
    } finally {
      await refusing.close()
    }
  })

  it('uses the default chain (no provider) without role-to-assume', async () => {
    const resolved = await resolveAwsCredentials({ ...aws, roleToAssume: undefined }, { getIDToken: () => Promise.reject(new Error('not called')), setSecret: () => undefined, info: () => undefined })
    expect(resolved).toEqual({})
  })
})
