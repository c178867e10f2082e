// Secrets Manager over the AWS JSON 1.1 protocol, as @aws-sdk/client-secrets-manager
// speaks it: POST / with `X-Amz-Target: secretsmanager.<Operation>` and
// `Content-Type: application/x-amz-json-1.1`, a JSON body in and out, errors as
// {"__type": code, "Message": text} with HTTP 400. Requests are SigV4-verified and
// authorized by the shared CredentialStore, like every AWS service of the sandbox.
// Implemented: GetSecretValue (what the action's db-secret-arn needs).
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { AwsAuthError } from '../identity/aws-auth-error.js'
import type { CredentialStore } from '../identity/credentials.js'
import { type RunningService, serveHttp, signedRequestOf } from '../identity/http-service.js'
import { SecretStore } from './secret-store.js'

export interface SecretsManagerOptions {
  credentials: CredentialStore
  /** Default: a new store for the credentials' account in `region`. */
  store?: SecretStore
  region?: string
  port?: number
}

export interface RunningSecretsManager extends RunningService {
  store: SecretStore
}

class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message)
  }
}

const JSON_TYPE = 'application/x-amz-json-1.1'

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, 'x-amzn-requestid': randomUUID() }
  if (errorType) headers['x-amzn-errortype'] = errorType
  res.writeHead(status, headers).end(JSON.stringify(body))
}

function getSecretValue(store: SecretStore, input: Record<string, unknown>): Record<string, unknown> {
  const secretId = input.SecretId
  if (typeof secretId !== 'string' || secretId === '') {
    throw new ServiceError(
      'ValidationException',
      "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    )
  }
  const secret = store.find(secretId)
  if (!secret) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.")
  if (typeof input.VersionId === 'string' && input.VersionId !== secret.versionId) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for VersionId: ${input.VersionId}`,
    )
  }
  if (typeof input.VersionStage === 'string' && !secret.versionStages.includes(input.VersionStage)) {
    throw new ServiceError(
      'ResourceNotFoundException',
      `Secrets Manager can't find the specified secret value for staging label: ${input.VersionStage}`,
    )
  }
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: secret.versionId,
    SecretString: secret.secretString,
    VersionStages: secret.versionStages,
    CreatedDate: secret.createdDate.getTime() / 1000,
  }
}

export async function startSecretsManager(options: SecretsManagerOptions): Promise<RunningSecretsManager> {
  const credentials = options.credentials
  const store = options.store ?? new SecretStore({ account: credentials.account, region: options.region ?? 'us-east-1' })
  const service = await serveHttp('secretsmanager', (req, res, body) => {
    try {
      const caller = credentials.verifySigV4(signedRequestOf(req, body), 'secretsmanager')
      const target = String(req.headers['x-amz-target'] ?? '')
      const operation = target.startsWith('secretsmanager.') ? target.slice('secretsmanager.'.length) : ''
      if (operation !== 'GetSecretValue') {
        throw new ServiceError('UnknownOperationException', `The sandbox's Secrets Manager does not implement '${target}'.`)
      }
      let input: Record<string, unknown>
      try {
        input = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as Record<string, unknown>)
      } catch {
        throw new ServiceError('SerializationException', 'The request body is not valid JSON.')
      }
      // IAM decides before the secret is looked up, naming the secret's ARN when it exists.
      const id = typeof input.SecretId === 'string' ? input.SecretId : ''
      credentials.authorize(caller, `secretsmanager:${operation}`, store.find(id)?.arn ?? id)
      send(res, 200, getSecretValue(store, input))
    } catch (error) {
      if (error instanceof AwsAuthError) {
        // The service's generic (unmodelled) errors carry a lower-case "message".
        send(res, error.status, { __type: error.code, message: error.message }, error.code)
      } else if (error instanceof ServiceError) {
        send(res, error.status, { __type: error.code, Message: error.message }, error.code)
      } else {
        throw error
      }
    }
  }, options.port)
  return { ...service, store }
}
