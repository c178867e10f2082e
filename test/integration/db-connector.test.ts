// The MySQL connection layer against real mariadbd servers with TLS: verify (CA and host
// name), skip-verify, disable; credentials from inputs and from Secrets Manager; the IAM
// auth token's connection requirements.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createAwsClients } from '../../src/aws/clients.js'
import { createDbConnector } from '../../src/db/connector.js'
import { dbLoginSource } from '../../src/db/credentials.js'
import { RDS_CA_BUNDLE, tlsFinding } from '../../src/db/tls.js'
import type { DbInputs, DbTls } from '../../src/inputs/types.js'
import { SecretRegistry } from '../../src/secrets/registry.js'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { Workspace } from '../../sandbox/servers/workspace.js'
import { CredentialStore, verifyRdsAuthToken, type RootKeys } from '../../sandbox/identity/index.js'
import { startSecretsManager, type RunningSecretsManager } from '../../sandbox/secrets/server.js'
import { createTestCa, type TestCa } from '../helpers/tls.js'

let workspace: Workspace
let ca: TestCa
let named: DatabaseServer // certificate for DNS:localhost
let other: DatabaseServer // certificate for DNS:other.invalid only
let secretsManager: RunningSecretsManager
let keys: RootKeys
let credentials: CredentialStore
let secretReads = 0
const APP_PASSWORD = 'app-Pa55word-from-secret'

beforeAll(async () => {
  workspace = Workspace.create()
  mkdirSync(workspace.path('tls'))
  ca = createTestCa(workspace.path('tls'))
  // One after the other: the workspace initialises its template data directory on first use.
  named = await DatabaseServer.create(workspace, 'named', { serverId: 21, binlog: false }, { tls: ca.issue('named', ['DNS:localhost']) })
  other = await DatabaseServer.create(workspace, 'other', { serverId: 22, binlog: false }, { tls: ca.issue('other', ['DNS:other.invalid']) })
  for (const server of [named, other]) {
    await server.query(`CREATE USER 'admin'@'%' IDENTIFIED BY 'admin-pw'`)
    await server.query(`CREATE USER 'app'@'%' IDENTIFIED BY '${APP_PASSWORD}'`)
  }
  // The sandbox's Secrets Manager (SigV4-verified against its credential store).
  credentials = new CredentialStore()
  keys = credentials.issueRootKeys()
  secretsManager = await startSecretsManager({ credentials })
  secretsManager.store.put('prod/app', { username: 'app', password: APP_PASSWORD, engine: 'mysql', host: 'localhost', port: named.port })
  const find = secretsManager.store.find.bind(secretsManager.store)
  secretsManager.store.find = (id) => {
    secretReads++
    return find(id)
  }
  process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secretsManager.url
}, 60_000)

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER
  await secretsManager?.close()
  await Promise.all([named?.stop({ fast: true }), other?.stop({ fast: true })])
  workspace?.dispose()
})

const aws = () => createAwsClients({ region: 'us-east-1', maxAttempts: 1, credentials: async () => ({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }) })

function dbInputs(tls: DbTls, caBundlePath?: string, auth: DbInputs['auth'] = { kind: 'password', user: 'admin', password: 'admin-pw' }): DbInputs {
  return { auth, tls, ...(caBundlePath ? { caBundlePath } : {}), connectTimeoutMs: 5000, heartbeatTable: { schema: 'rds_blue_green', table: 'heartbeat' } }
}

function connector(inputs: DbInputs, secrets = new SecretRegistry(() => undefined)) {
  return createDbConnector(inputs, dbLoginSource(inputs.auth, { aws: aws(), secrets }))
}

async function cipher(db: ReturnType<typeof connector>, host: string, port: number): Promise<string> {
  const conn = await db.connect({ host, port })
  try {
    const [rows] = await conn.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'")
    return (rows as { Value: string }[])[0]?.Value ?? ''
  } finally {
    await conn.end()
  }
}

describe('TLS', () => {
  it('verify: connects when the CA bundle and the host name match, encrypted', async () => {
    expect(await cipher(connector(dbInputs('verify', ca.ca)), 'localhost', named.port)).not.toBe('')
  })

  it('verify: refuses a certificate for another host name', async () => {
    await expect(cipher(connector(dbInputs('verify', ca.ca)), 'localhost', other.port)).rejects.toThrow(/Host: localhost\. is not in the cert's altnames: DNS:other\.invalid/)
  })

  it('verify: refuses a server the Amazon RDS CA bundle does not vouch for', async () => {
    await expect(cipher(connector(dbInputs('verify')), 'localhost', named.port)).rejects.toThrow(/certificate/i)
  })

  it('skip-verify: encrypts without checking, and is a warning', async () => {
    expect(await cipher(connector(dbInputs('skip-verify')), 'localhost', other.port)).not.toBe('')
    expect(tlsFinding('skip-verify')).toMatchObject({ level: 'warning', code: 'TLS_NOT_VERIFIED' })
  })

  it('disable: connects in clear, and is a warning', async () => {
    expect(await cipher(connector(dbInputs('disable')), '127.0.0.1', named.port)).toBe('')
    expect(tlsFinding('disable')).toMatchObject({ level: 'warning', code: 'TLS_DISABLED' })
    expect(tlsFinding('verify')).toBeUndefined()
  })

  it('bundles the Amazon RDS CAs (2019 and G1 roots)', () => {
    expect(RDS_CA_BUNDLE.length).toBeGreaterThan(100)
    expect(RDS_CA_BUNDLE.every((pem) => pem.startsWith('-----BEGIN CERTIFICATE-----'))).toBe(true)
  })
})

describe('credentials', () => {
  it('reads user and password from a Secrets Manager secret, masked before use', async () => {
    const masked: string[] = []
    const db = connector(dbInputs('verify', ca.ca, { kind: 'secret', secretId: 'prod/app' }), new SecretRegistry((v) => masked.push(v)))
    const conn = await db.connect({ host: 'localhost', port: named.port })
    const [rows] = await conn.query('SELECT CURRENT_USER() AS me')
    await conn.end()
    expect((rows as { me: string }[])[0]?.me).toBe('app@%')
    expect(masked).toContain(APP_PASSWORD)
    // Read once, not per connection.
    const reads = secretReads
    await (await db.connect({ host: 'localhost', port: named.port })).end()
    expect(secretReads).toBe(reads)
  })

  it('says which secret could not be read and what permission it needs', async () => {
    const db = connector(dbInputs('verify', ca.ca, { kind: 'secret', secretId: 'prod/missing' }))
    await expect(db.connect({ host: 'localhost', port: named.port })).rejects.toThrow(
      /^Could not read db-secret-arn prod\/missing \(ResourceNotFoundException: .*\): check the secret exists and the role may call secretsmanager:GetSecretValue on it$/,
    )
  })

  it('refuses to connect without credentials, naming the inputs', async () => {
    const db = connector(dbInputs('verify', ca.ca, { kind: 'none' }))
    expect(db.configured).toBe(false)
    await expect(db.connect({ host: 'localhost', port: named.port })).rejects.toThrow(/set db-user and db-password, db-secret-arn, or db-iam-auth: true/)
  })

  it('IAM auth: a masked token per endpoint, sent with mysql_clear_password over TLS only', async () => {
    const masked: string[] = []
    const db = connector(dbInputs('verify', undefined, { kind: 'iam', user: 'iam_user' }), new SecretRegistry((v) => masked.push(v)))
    const endpoint = { host: 'orders-db.c1.us-east-1.rds.amazonaws.com', port: 3306 }
    const options = await db.options(endpoint)
    expect(options).toMatchObject({ user: 'iam_user', enableCleartextPlugin: true, ssl: { rejectUnauthorized: true, verifyIdentity: true } })
    expect(options).not.toHaveProperty('password')
    expect(masked).toHaveLength(1)
    const token = masked[0]!
    // An RDS IAM token is a SigV4-presigned `connect` request for that endpoint and user.
    // The sandbox's IAM accepts it for that endpoint and user (a token for another fails).
    expect(verifyRdsAuthToken(credentials, token, { hostname: endpoint.host, port: 3306, user: 'iam_user' })).toMatchObject({ accessKeyId: keys.accessKeyId })
    expect(() => verifyRdsAuthToken(credentials, token, { hostname: endpoint.host, port: 3306, user: 'admin' })).toThrow()
    expect(token).toMatch(/^orders-db\.c1\.us-east-1\.rds\.amazonaws\.com:3306\/\?Action=connect&DBUser=iam_user&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA\w+%2F\d{8}%2Fus-east-1%2Frds-db%2Faws4_request/)
    await db.options(endpoint)
    expect(masked).toHaveLength(1) // reused, not re-minted per connection
    await db.options({ ...endpoint, host: 'orders-db-green-abc123.c1.us-east-1.rds.amazonaws.com' })
    expect(masked).toHaveLength(2)
  })

  it('credentialedOptions: the same options with the (cached, masked) token as the password, for the prober', async () => {
    const masked: string[] = []
    const db = connector(dbInputs('verify', undefined, { kind: 'iam', user: 'iam_user' }), new SecretRegistry((v) => masked.push(v)))
    const endpoint = { host: 'orders-db.c1.us-east-1.rds.amazonaws.com', port: 3306 }
    const full = await db.credentialedOptions(endpoint, { connectTimeoutMs: 90 })
    expect(full).toMatchObject({ host: endpoint.host, port: 3306, user: 'iam_user', enableCleartextPlugin: true, connectTimeout: 90 })
    expect(full.password).toBe(masked[0])
    // A probe per 100 ms must not mint a token each time.
    expect((await db.credentialedOptions(endpoint)).password).toBe(masked[0])
    expect(masked).toHaveLength(1)
    const { password: _password, ...rest } = full
    expect(await db.options(endpoint, { connectTimeoutMs: 90 })).toEqual(rest)
  })
})
