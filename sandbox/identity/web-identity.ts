// STS AssumeRoleWithWebIdentity, without the HTTP: validate the parameters, find the IAM
// OIDC provider for the token's issuer, check the audience against its client IDs, verify
// the JWT's signature (jose, against the provider's keys) and validity window, then the
// role's trust rule and session duration. Each refusal carries the code STS gives for it.
import { type JWTPayload, createLocalJWKSet, decodeJwt, errors, jwtVerify } from 'jose'
import type { CredentialStore, SessionCredentials } from './credentials.js'
import { oidcProviderArn, trustAllows } from './roles.js'

export class StsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message)
    this.name = 'StsError'
  }
}

export interface WebIdentityRequest {
  RoleArn?: string
  RoleSessionName?: string
  WebIdentityToken?: string
  DurationSeconds?: string
}

export interface WebIdentityResult {
  credentials: SessionCredentials
  subject: string
  audience: string
  assumedRoleArn: string
  assumedRoleId: string
  provider: string
}

const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity'
const SESSION_NAME = /^[\w+=,.@-]*$/

function validation(field: string, value: string, constraint: string): StsError {
  return new StsError(
    'ValidationError',
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
    400,
  )
}

function invalidToken(message: string): StsError {
  return new StsError('InvalidIdentityToken', message, 400)
}

function validate(request: WebIdentityRequest): { roleArn: string; sessionName: string; token: string; duration: number | undefined } {
  for (const name of ['RoleArn', 'RoleSessionName', 'WebIdentityToken'] as const) {
    if (!request[name]) {
      throw new StsError('MissingParameter', `The request must contain the parameter ${name}`, 400)
    }
  }
  const sessionName = request.RoleSessionName!
  if (sessionName.length < 2 || sessionName.length > 64) {
    throw validation('roleSessionName', sessionName, 'Member must have length between 2 and 64')
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validation('roleSessionName', sessionName, 'Member must satisfy regular expression pattern: [\\w+=,.@-]*')
  }
  let duration: number | undefined
  if (request.DurationSeconds !== undefined) {
    duration = Number(request.DurationSeconds)
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      throw validation('durationSeconds', request.DurationSeconds, 'Member must have value between 900 and 43200')
    }
  }
  return { roleArn: request.RoleArn!, sessionName, token: request.WebIdentityToken!, duration }
}

function audiences(payload: JWTPayload): string[] {
  if (typeof payload.aud === 'string') return [payload.aud]
  return Array.isArray(payload.aud) ? payload.aud : []
}

export async function assumeRoleWithWebIdentity(
  store: CredentialStore,
  request: WebIdentityRequest,
  now: Date = new Date(),
): Promise<WebIdentityResult> {
  const { roleArn, sessionName, token, duration } = validate(request)

  let unverified: JWTPayload
  try {
    unverified = decodeJwt(token)
  } catch {
    throw invalidToken('The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)')
  }
  const issuer = typeof unverified.iss === 'string' ? unverified.iss : ''
  const provider = store.oidcProvider(issuer)
  if (!provider) throw invalidToken(`No OpenIDConnect provider found in your account for ${issuer}`)
  const tokenAudiences = audiences(unverified)
  if (!tokenAudiences.some((aud) => provider.clientIds.includes(aud))) throw invalidToken('Incorrect token audience')

  let payload: JWTPayload
  try {
    ;({ payload } = await jwtVerify(token, createLocalJWKSet(provider.jwks), {
      algorithms: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384'],
      issuer: provider.url,
      currentDate: now,
    }))
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      const exp = typeof unverified.exp === 'number' ? unverified.exp : 0
      throw new StsError(
        'ExpiredTokenException',
        `Token expired: current date/time ${Math.floor(now.getTime() / 1000)} must be before the expiration date/time ${exp}`,
        400,
      )
    }
    if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'nbf') {
      throw invalidToken('Token is not yet valid (nbf is in the future)')
    }
    if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed) {
      throw invalidToken('The web identity token signature could not be verified with the keys of its provider')
    }
    throw invalidToken(`The web identity token is not valid: ${(error as Error).message}`)
  }

  const subject = typeof payload.sub === 'string' ? payload.sub : ''
  const role = store.role(roleArn)
  // STS does not say whether the role is missing or its trust policy refuses: both are AccessDenied.
  if (!role || !trustAllows(role, provider.host, { aud: audiences(payload), sub: subject })) {
    throw new StsError('AccessDenied', NOT_AUTHORIZED, 403)
  }
  const seconds = duration ?? 3600
  if (seconds > role.maxSessionDurationSeconds) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400)
  }
  const credentials = store.issueSessionCredentials(role, sessionName, seconds)
  return {
    credentials,
    subject,
    audience: tokenAudiences.find((aud) => provider.clientIds.includes(aud))!,
    assumedRoleArn: `arn:aws:sts::${store.account}:assumed-role/${role.name}/${sessionName}`,
    assumedRoleId: `${role.roleId}:${sessionName}`,
    provider: oidcProviderArn(store.account, provider.host),
  }
}
