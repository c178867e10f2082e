// GitHub's OIDC token issuer, played locally: an RSA key made at start (the private half
// never leaves WebCrypto: it is not extractable) and ID tokens with the claims GitHub puts
// in them, for a workflow run described by a WorkflowContext. Signing and the JWKS use
// `jose` (maintained, dependency-free, WebCrypto based) rather than hand-written JWS code.
import { randomUUID } from 'node:crypto'
import { type CryptoKey, type JSONWebKeySet, SignJWT, exportJWK, generateKeyPair } from 'jose'

export const GITHUB_OIDC_ISSUER_URL = 'https://token.actions.githubusercontent.com'

/** The workflow run a token is issued for: what the runner knows about the job. */
export interface WorkflowContext {
  /** owner/name */
  repository: string
  /** The git ref, e.g. refs/heads/main, refs/tags/v1, refs/pull/7/merge. */
  ref: string
  /** The job's deployment environment, when it has one: it decides the `sub` claim. */
  environment?: string
  /** push, pull_request, workflow_dispatch, ... */
  eventName: string
  sha: string
  actor: string
  /** The workflow's name. */
  workflow: string
  /** Path of the workflow file in the repository. */
  workflowPath: string
  /** `owner/repo/path@ref` of the (possibly reusable) workflow that runs the job; default: the caller's. */
  jobWorkflowRef?: string
  /** The commit of that workflow file (in a reusable workflow: the called repository's); default: `sha`. */
  jobWorkflowSha?: string
  runId: string
  runNumber: string
  runAttempt: string
  repositoryId: string
  repositoryOwnerId: string
  actorId: string
  repositoryVisibility: 'public' | 'private' | 'internal'
  headRef: string
  baseRef: string
}

export function workflowContext(overrides: Partial<WorkflowContext> = {}): WorkflowContext {
  const context: WorkflowContext = {
    repository: 'octo-org/app',
    ref: 'refs/heads/main',
    eventName: 'push',
    sha: 'a6f2c4e1b0d94f0c8e7a5b3d2c1f0e9d8c7b6a50',
    actor: 'octocat',
    workflow: 'Deploy',
    workflowPath: '.github/workflows/deploy.yml',
    runId: '9000000001',
    runNumber: '42',
    runAttempt: '1',
    repositoryId: '700000001',
    repositoryOwnerId: '9919',
    actorId: '583231',
    repositoryVisibility: 'private',
    headRef: '',
    baseRef: '',
    ...overrides,
  }
  if (!/^[\w.-]+\/[\w.-]+$/.test(context.repository)) {
    throw new Error(`workflow repository '${context.repository}' is not valid: use owner/name, e.g. octo-org/app`)
  }
  return context
}

/** GitHub's default `sub`: environment first, then pull_request, then the ref. */
export function subjectOf(context: WorkflowContext): string {
  const repo = `repo:${context.repository}`
  if (context.environment) return `${repo}:environment:${context.environment}`
  if (context.eventName === 'pull_request' || context.eventName === 'pull_request_target') return `${repo}:pull_request`
  return `${repo}:ref:${context.ref}`
}

function refType(ref: string): string {
  return ref.startsWith('refs/tags/') ? 'tag' : 'branch'
}

/** The token's claims, sorted by name as GitHub's tokens are. */
export function claimsOf(context: WorkflowContext, audience: string): Record<string, string> {
  const owner = context.repository.split('/')[0]!
  const workflowRef = `${context.repository}/${context.workflowPath}@${context.ref}`
  const claims: Record<string, string> = {
    actor: context.actor,
    actor_id: context.actorId,
    aud: audience,
    base_ref: context.baseRef,
    event_name: context.eventName,
    head_ref: context.headRef,
    job_workflow_ref: context.jobWorkflowRef ?? workflowRef,
    job_workflow_sha: context.jobWorkflowSha ?? context.sha,
    ref: context.ref,
    ref_protected: 'false',
    ref_type: refType(context.ref),
    repository: context.repository,
    repository_id: context.repositoryId,
    repository_owner: owner,
    repository_owner_id: context.repositoryOwnerId,
    repository_visibility: context.repositoryVisibility,
    run_attempt: context.runAttempt,
    run_id: context.runId,
    run_number: context.runNumber,
    runner_environment: 'github-hosted',
    sha: context.sha,
    sub: subjectOf(context),
    workflow: context.workflow,
    workflow_ref: workflowRef,
    workflow_sha: context.sha,
  }
  if (context.environment) claims.environment = context.environment
  return Object.fromEntries(Object.entries(claims).sort(([a], [b]) => (a < b ? -1 : 1)))
}

export interface IssueOptions {
  /** Seconds from issue to `exp`. GitHub's tokens: 6 hours (observed exp - iat = 21600). */
  lifetimeSeconds?: number
  /** Issue time; default now. Tests use it to make a token that is already expired. */
  issuedAt?: Date
}

export class OidcIssuer {
  private constructor(
    readonly url: string,
    readonly kid: string,
    private readonly privateKey: CryptoKey,
    private readonly publicJwks: JSONWebKeySet,
  ) {}

  static async create(url = GITHUB_OIDC_ISSUER_URL): Promise<OidcIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256')
    const kid = randomUUID()
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }
    return new OidcIssuer(url, kid, privateKey, { keys: [jwk] })
  }

  /** The public keys, as the issuer's jwks_uri serves them. */
  get jwks(): JSONWebKeySet {
    return { keys: this.publicJwks.keys.map((key) => ({ ...key })) }
  }

  async issue(context: WorkflowContext, audience: string, options: IssueOptions = {}): Promise<string> {
    const iat = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000)
    return new SignJWT({ ...claimsOf(context, audience), jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: this.kid, typ: 'JWT' })
      .setIssuer(this.url)
      .setIssuedAt(iat)
      // GitHub backdates nbf five minutes to absorb clock differences.
      .setNotBefore(iat - 300)
      .setExpirationTime(iat + (options.lifetimeSeconds ?? 21600))
      .sign(this.privateKey)
  }
}
