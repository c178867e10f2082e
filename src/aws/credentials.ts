// AWS credentials for the run.
//  - With role-to-assume: the job's GitHub OIDC token (core.getIDToken, audience from the
//    `audience` input) exchanged through STS AssumeRoleWithWebIdentity. The three parts of
//    the temporary credentials are masked (core.setSecret) the moment they arrive, before
//    anything can print them. When they near expiry (long creates and switchovers can
//    outlast role-duration-seconds) the exchange runs again with a fresh token.
//  - Without it: undefined, so every client uses the SDK's default chain; a preceding
//    aws-actions/configure-aws-credentials step (env vars) works unchanged.
// Endpoints come from the SDK's own handling (AWS_ENDPOINT_URL_STS, ...), nothing here.
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import type { AwsInputs } from '../inputs/types.js'
import { USER_AGENT } from './clients.js'
import { errorLine } from '../error-line.js'

export interface OidcDeps {
  /** core.getIDToken: fetches (and masks) the job's OIDC token for an audience. */
  getIDToken: (audience: string) => Promise<string>
  /** core.setSecret */
  setSecret: (value: string) => void
  info: (message: string) => void
  now?: () => number
}

/** Re-assume this long before the credentials expire. */
const REFRESH_MARGIN_MS = 5 * 60_000

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuthenticationError'
  }
}

export interface ResolvedCredentials {
  /** For the SDK clients; undefined means the SDK's default chain. */
  provider?: AwsCredentialIdentityProvider
  /** The assumed role's session ARN (for the log and report), when a role was assumed. */
  assumedRoleArn?: string
}

/**
 * Resolves the run's AWS credentials. With a role, the first exchange happens here (so a
 * bad trust policy fails the run up front, with a message saying what to check).
 */
export async function resolveAwsCredentials(aws: AwsInputs, deps: OidcDeps): Promise<ResolvedCredentials> {
  if (!aws.roleToAssume) return {}
  const role = aws.roleToAssume
  const now = deps.now ?? Date.now
  let assumedRoleArn: string | undefined

  const exchange = async (): Promise<AwsCredentialIdentity> => {
    let token: string
    try {
      token = await deps.getIDToken(aws.audience)
    } catch (error) {
      throw new AuthenticationError(
        `Could not get a GitHub OIDC token for role-to-assume (${errorLine(error)}): give the job 'permissions: id-token: write'`,
      )
    }
    deps.setSecret(token)
    // AssumeRoleWithWebIdentity is an unsigned call: the token is the credential.
    const sts = new STSClient({ region: aws.region, maxAttempts: aws.retryMaxAttempts, customUserAgent: USER_AGENT })
    let result
    try {
      result = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: role,
          RoleSessionName: aws.roleSessionName,
          WebIdentityToken: token,
          DurationSeconds: aws.roleDurationSeconds,
        }),
      )
    } catch (error) {
      throw new AuthenticationError(
        `Could not assume ${role} with the GitHub OIDC token (${errorLine(error)}): check the role's trust policy allows this repository and audience ${aws.audience}`,
      )
    } finally {
      sts.destroy()
    }
    const c = result.Credentials
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new AuthenticationError(`STS returned no credentials for ${role}`)
    }
    deps.setSecret(c.AccessKeyId)
    deps.setSecret(c.SecretAccessKey)
    deps.setSecret(c.SessionToken)
    assumedRoleArn = result.AssumedRoleUser?.Arn
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    }
  }

  let current = await exchange()
  deps.info(`Assumed ${assumedRoleArn ?? role} with the GitHub OIDC token (audience ${aws.audience})`)
  let refreshing: Promise<AwsCredentialIdentity> | undefined
  const provider: AwsCredentialIdentityProvider = async () => {
    const expires = current.expiration?.getTime()
    if (expires !== undefined && expires - now() < REFRESH_MARGIN_MS) {
      refreshing ??= exchange().finally(() => {
        refreshing = undefined
      })
      current = await refreshing
    }
    return current
  }
  return { provider, ...(assumedRoleArn ? { assumedRoleArn } : {}) }
}

