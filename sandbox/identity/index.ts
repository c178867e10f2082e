// The sandbox's identity and GitHub side in one call: a shared CredentialStore (the
// sandbox's IAM), the GitHub OIDC token endpoint registered with it as an IAM OIDC
// provider, STS, Secrets Manager and the GitHub REST stand-in, each on its own port, plus
// the environment variables that point the SDK, @actions/core and Octokit at them. The
// Sandbox class composes this with its RDS endpoint (which verifies requests with the
// same `credentials`).
import { type RunningGitHubApi, type GitHubApiOptions, startGitHubApi } from '../github/server.js'
import { type RunningSecretsManager, startSecretsManager } from '../secrets/server.js'
import { type RootKeys, CredentialStore } from './credentials.js'
import type { RunningService } from './http-service.js'
import { type RunningOidcEndpoint, startOidcTokenEndpoint } from './oidc.js'
import { type WorkflowContext, OidcIssuer } from './oidc-issuer.js'
import type { RoleConfig } from './roles.js'
import { startSts } from './sts.js'

export interface IdentityServicesOptions {
  account?: string
  region?: string
  /** The workflow run whose OIDC tokens the endpoint issues (repository, ref, environment, ...). */
  workflow?: Partial<WorkflowContext>
  /** Roles to create. Default: defaultRoles() for the workflow's repository. */
  roles?: RoleConfig[]
  /** Audiences the IAM OIDC provider accepts. Default: sts.amazonaws.com. */
  oidcClientIds?: string[]
  github?: Omit<GitHubApiOptions, 'port'>
}

/** What a shell, the SDK, @actions/core and Octokit need to reach these services. */
export interface IdentityEnv {
  AWS_REGION: string
  /** The AWS CLI v1 reads only this one for the region. */
  AWS_DEFAULT_REGION: string
  AWS_ACCESS_KEY_ID: string
  AWS_SECRET_ACCESS_KEY: string
  AWS_ENDPOINT_URL_STS: string
  AWS_ENDPOINT_URL_SECRETS_MANAGER: string
  ACTIONS_ID_TOKEN_REQUEST_URL: string
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string
  GITHUB_API_URL: string
  GITHUB_TOKEN: string
}

export interface IdentityServices {
  credentials: CredentialStore
  rootKeys: RootKeys
  oidc: RunningOidcEndpoint
  sts: RunningService
  secrets: RunningSecretsManager
  github: RunningGitHubApi
  env: IdentityEnv
  close(): Promise<void>
}

export const DEPLOY_ROLE = 'rds-blue-green-deploy'
export const READ_ONLY_ROLE = 'rds-blue-green-readonly'

/**
 * Two roles trusting any workflow of `repository`: one that may do what the action does
 * (RDS, the database secret, IAM database auth), and one that may only describe, for
 * tests of AccessDenied.
 */
export function defaultRoles(repository: string): RoleConfig[] {
  const trust = { subject: `repo:${repository}:*` }
  return [
    { name: DEPLOY_ROLE, trust, allowedActions: ['rds:*', 'secretsmanager:GetSecretValue', 'rds-db:connect'] },
    { name: READ_ONLY_ROLE, trust, allowedActions: ['rds:Describe*', 'rds:ListTagsForResource'] },
  ]
}

export async function startIdentityServices(options: IdentityServicesOptions = {}): Promise<IdentityServices> {
  const region = options.region ?? 'us-east-1'
  const issuer = await OidcIssuer.create()
  const started: RunningService[] = []
  const closeAll = () => Promise.all(started.map((s) => s.close())).then(() => undefined)
  try {
    const oidc = await startOidcTokenEndpoint({ issuer, workflow: options.workflow })
    started.push(oidc)
    const credentials = new CredentialStore({
      account: options.account,
      roles: options.roles ?? defaultRoles(oidc.workflow.repository),
    })
    credentials.addOidcProvider({ url: issuer.url, clientIds: options.oidcClientIds, jwks: issuer.jwks })
    const rootKeys = credentials.issueRootKeys()
    const sts = await startSts({ credentials })
    started.push(sts)
    const secrets = await startSecretsManager({ credentials, region })
    started.push(secrets)
    const github = await startGitHubApi(options.github)
    started.push(github)
    return {
      credentials,
      rootKeys,
      oidc,
      sts,
      secrets,
      github,
      env: {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: rootKeys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: rootKeys.secretAccessKey,
        AWS_ENDPOINT_URL_STS: sts.url,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        GITHUB_API_URL: github.url,
        GITHUB_TOKEN: github.token,
      },
      close: closeAll,
    }
  } catch (error) {
    await closeAll()
    throw error
  }
}

export { CredentialStore } from './credentials.js'
export type { Caller, RootKeys, SessionCredentials } from './credentials.js'
export { AwsAuthError } from './aws-auth-error.js'
export type { RoleConfig, TrustRule } from './roles.js'
export type { SignedRequest } from './sigv4.js'
export { signedRequestOf, serveHttp } from './http-service.js'
export type { RunningService } from './http-service.js'
export { queryParameters, sendQueryError, sendQueryResult } from './query-protocol.js'
export { verifyRdsAuthToken } from './rds-auth-token.js'
export type { RdsAuthTarget } from './rds-auth-token.js'
