// Authentication and authorization refusals as AWS gives them. The same failure has a
// different wire code per protocol: Query services (STS, RDS, IAM) answer
// `InvalidClientTokenId` with HTTP 403, JSON services (Secrets Manager) answer
// `UnrecognizedClientException` with HTTP 400. The SDKs and the CLI show these codes to
// users, and the SDK's clock-skew correction keys on them, so they are kept exact.

export type AwsProtocol = 'query' | 'json'

/** The kinds of refusal the sandbox produces, independent of protocol. */
export type AuthFailure =
  | 'MissingAuthentication'
  | 'IncompleteSignature'
  | 'InvalidClientTokenId'
  | 'SignatureDoesNotMatch'
  | 'ExpiredToken'
  | 'AccessDenied'

export class AwsAuthError extends Error {
  constructor(
    /** The wire code: `<Code>` in a Query error, `__type` in a JSON error. */
    readonly code: string,
    message: string,
    /** The HTTP status AWS answers with. */
    readonly status: number,
    readonly failure: AuthFailure,
  ) {
    super(message)
    this.name = 'AwsAuthError'
  }
}

const JSON_SERVICES = new Set(['secretsmanager', 'kms', 'dynamodb', 'logs'])

/** The protocol a service speaks, from its signing name (`rds`, `sts`, `secretsmanager`). */
export function protocolOf(service: string): AwsProtocol {
  return JSON_SERVICES.has(service) ? 'json' : 'query'
}

const CODES: Record<AuthFailure, { query: string; json: string }> = {
  MissingAuthentication: { query: 'MissingAuthenticationToken', json: 'MissingAuthenticationTokenException' },
  IncompleteSignature: { query: 'IncompleteSignature', json: 'IncompleteSignatureException' },
  InvalidClientTokenId: { query: 'InvalidClientTokenId', json: 'UnrecognizedClientException' },
  SignatureDoesNotMatch: { query: 'SignatureDoesNotMatch', json: 'InvalidSignatureException' },
  ExpiredToken: { query: 'ExpiredToken', json: 'ExpiredTokenException' },
  AccessDenied: { query: 'AccessDenied', json: 'AccessDeniedException' },
}

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

function defaultMessage(failure: AuthFailure, service: string): string {
  switch (failure) {
    case 'MissingAuthentication':
      return 'Request is missing Authentication Token'
    case 'IncompleteSignature':
      return 'Authorization header is incomplete'
    case 'InvalidClientTokenId':
      // STS answers without the final period; RDS and the JSON services with it.
      return service === 'sts'
        ? 'The security token included in the request is invalid'
        : 'The security token included in the request is invalid.'
    case 'SignatureDoesNotMatch':
      return SIGNATURE_MISMATCH
    case 'ExpiredToken':
      return 'The security token included in the request is expired'
    case 'AccessDenied':
      return 'Access denied'
  }
}

/** The refusal `failure` as the service named by its signing name would answer it. */
export function authError(failure: AuthFailure, service: string, message?: string): AwsAuthError {
  const protocol = protocolOf(service)
  const status = protocol === 'json' ? 400 : 403
  return new AwsAuthError(CODES[failure][protocol], message ?? defaultMessage(failure, service), status, failure)
}
