// Database credentials, from exactly one source (the inputs parser enforces that):
//  - db-user + db-password;
//  - a Secrets Manager secret (db-secret-arn) holding JSON with `username` and `password`,
//    as RDS-managed and rotation secrets do; read once, on first use;
//  - an RDS IAM authentication token (db-iam-auth) for db-user: a SigV4-presigned
//    `connect` request for the endpoint, valid 15 minutes, signed locally with the run's
//    AWS credentials (@aws-sdk/rds-signer). A token is reused for 10 minutes per endpoint,
//    so the switchover prober does not mint (and mask) one per probe.
// Every password and token is registered as a secret (masked in the log) before use.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { Signer } from '@aws-sdk/rds-signer'
import type { AwsClients } from '../aws/clients.js'
import type { DbAuth } from '../inputs/types.js'
import type { SecretRegistry } from '../secrets/registry.js'
import { errorLine } from '../error-line.js'

export interface Endpoint {
  host: string
  port: number
}

export interface DbLogin {
  user: string
  password: string
  /** IAM tokens are sent with mysql_clear_password (over TLS only). */
  cleartext: boolean
}

export type DbLoginSource = (endpoint: Endpoint) => Promise<DbLogin>

export class DbCredentialsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DbCredentialsError'
  }
}

const TOKEN_REUSE_MS = 10 * 60_000

export function dbLoginSource(
  auth: DbAuth,
  deps: { aws: AwsClients; secrets: SecretRegistry; now?: () => number },
): DbLoginSource {
  const now = deps.now ?? Date.now
  switch (auth.kind) {
    case 'none':
      return async () => {
        throw new DbCredentialsError(
          'No database credentials: set db-user and db-password, db-secret-arn, or db-iam-auth: true',
        )
      }
    case 'password': {
      deps.secrets.add(auth.password)
      return async () => ({ user: auth.user, password: auth.password, cleartext: false })
    }
    case 'secret': {
      let loaded: Promise<{ user: string; password: string }> | undefined
      return async () => {
        loaded ??= readSecret(auth.secretId, auth.user, deps)
        const { user, password } = await loaded
        return { user, password, cleartext: false }
      }
    }
    case 'iam': {
      const tokens = new Map<string, { token: string; at: number }>()
      return async (endpoint) => {
        const key = `${endpoint.host}:${endpoint.port}`
        const cached = tokens.get(key)
        if (cached && now() - cached.at < TOKEN_REUSE_MS) return { user: auth.user, password: cached.token, cleartext: true }
        const signer = new Signer({
          hostname: endpoint.host,
          port: endpoint.port,
          username: auth.user,
          region: deps.aws.config.region,
          ...(deps.aws.config.credentials ? { credentials: deps.aws.config.credentials } : {}),
        })
        const token = await signer.getAuthToken()
        deps.secrets.add(token)
        tokens.set(key, { token, at: now() })
        return { user: auth.user, password: token, cleartext: true }
      }
    }
  }
}

async function readSecret(
  secretId: string,
  userOverride: string | undefined,
  deps: { aws: AwsClients; secrets: SecretRegistry },
): Promise<{ user: string; password: string }> {
  const client = deps.aws.create(SecretsManagerClient)
  let value: string | undefined
  try {
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }))
    value = result.SecretString
  } catch (error) {
    throw new DbCredentialsError(
      `Could not read db-secret-arn ${secretId} (${error instanceof Error ? error.name : 'error'}: ${errorLine(error)}): check the secret exists and the role may call secretsmanager:GetSecretValue on it`,
    )
  } finally {
    client.destroy()
  }
  if (!value) throw new DbCredentialsError(`db-secret-arn ${secretId} has no SecretString (binary secrets are not supported)`)
  deps.secrets.add(value)
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new DbCredentialsError(`db-secret-arn ${secretId} is not JSON: expected {"username": "...", "password": "..."}`)
  }
  const record = (parsed ?? {}) as Record<string, unknown>
  const password = record.password
  const user = userOverride ?? record.username
  if (typeof password !== 'string' || password === '') {
    throw new DbCredentialsError(`db-secret-arn ${secretId} has no "password" key: expected {"username": "...", "password": "..."}`)
  }
  deps.secrets.add(password)
  if (typeof user !== 'string' || user === '') {
    throw new DbCredentialsError(`db-secret-arn ${secretId} has no "username" key: add it, or set db-user`)
  }
  return { user, password }
}
