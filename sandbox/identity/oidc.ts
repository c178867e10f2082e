// The Actions runtime's ID token endpoint, as @actions/core's getIDToken() calls it:
//   GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=<aud>
//   Authorization: Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN
// answered with {"value": "<JWT>"}. The request URL has the runtime's shape (a query
// string already present, so `&audience=` appends to it). A missing or wrong request
// token is refused with 401, as the runtime refuses it. The issuer's discovery document
// and JWKS are served too, for anyone who wants to verify tokens over HTTP.
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type RunningService, serveHttp } from './http-service.js'
import { type WorkflowContext, OidcIssuer, workflowContext } from './oidc-issuer.js'

export interface OidcEndpointOptions {
  /** Default: a new issuer named https://token.actions.githubusercontent.com */
  issuer?: OidcIssuer
  /** The workflow run tokens are issued for. */
  workflow?: Partial<WorkflowContext>
  /** Default: a random one. */
  requestToken?: string
  /** Token lifetime; default GitHub's 6 hours. */
  tokenLifetimeSeconds?: number
  port?: number
}

export interface RunningOidcEndpoint extends RunningService {
  /** The value for ACTIONS_ID_TOKEN_REQUEST_URL. */
  requestUrl: string
  /** The value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string
  issuer: OidcIssuer
  /** The workflow run tokens are currently issued for. */
  readonly workflow: WorkflowContext
  /** Changes the run (e.g. a job with `environment: production`) for the tokens issued next. */
  setWorkflow(overrides: Partial<WorkflowContext>): void
  /** How many tokens were issued so far. */
  readonly tokensIssued: number
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body))
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function unauthorized(res: ServerResponse): void {
  // The runtime is an Azure DevOps service: its refusals are VSS error objects.
  sendJson(res, 401, {
    $id: '1',
    innerException: null,
    message: "TF400813: The user '' is not authorized to access this resource.",
    typeName: 'Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server',
    typeKey: 'UnauthorizedRequestException',
    errorCode: 0,
    eventId: 3000,
  })
}

export async function startOidcTokenEndpoint(options: OidcEndpointOptions = {}): Promise<RunningOidcEndpoint> {
  const issuer = options.issuer ?? (await OidcIssuer.create())
  const requestToken = options.requestToken ?? randomBytes(32).toString('base64url')
  const tokenPath = `/_apis/distributedtask/hubs/Actions/plans/${randomUUID()}/jobs/${randomUUID()}/idtoken`
  let workflow = workflowContext(options.workflow)
  let tokensIssued = 0

  const service = await serveHttp('oidc', async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname === '/.well-known/openid-configuration') {
      sendJson(res, 200, {
        issuer: issuer.url,
        jwks_uri: `${service.url}/.well-known/jwks`,
        subject_types_supported: ['public', 'pairwise'],
        response_types_supported: ['id_token'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'repository_id',
          'repository_owner', 'repository_owner_id', 'run_id', 'run_number', 'run_attempt', 'actor', 'actor_id',
          'workflow', 'workflow_ref', 'workflow_sha', 'head_ref', 'base_ref', 'event_name', 'ref_type', 'environment',
          'job_workflow_ref', 'job_workflow_sha', 'repository_visibility', 'runner_environment'],
        id_token_signing_alg_values_supported: ['RS256'],
        scopes_supported: ['openid'],
      })
      return
    }
    if (url.pathname === '/.well-known/jwks') {
      sendJson(res, 200, issuer.jwks)
      return
    }
    if (url.pathname !== tokenPath) {
      sendJson(res, 404, { message: `No resource at ${url.pathname}` })
      return
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      sendJson(res, 405, { message: `Method ${req.method ?? ''} not allowed` })
      return
    }
    const authorization = req.headers.authorization ?? ''
    const match = /^Bearer (.+)$/i.exec(authorization)
    if (!match || !sameSecret(match[1]!, requestToken)) {
      unauthorized(res)
      return
    }
    // Without an audience the runtime uses the repository owner's URL, as GitHub documents.
    const audience = url.searchParams.get('audience') || `https://github.com/${workflow.repository.split('/')[0]!}`
    const value = await issuer.issue(workflow, audience, { lifetimeSeconds: options.tokenLifetimeSeconds })
    tokensIssued += 1
    sendJson(res, 200, { count: value.length, value })
  }, options.port)

  return {
    ...service,
    requestUrl: `${service.url}${tokenPath}?api-version=2.0`,
    requestToken,
    issuer,
    get workflow() {
      return workflow
    },
    setWorkflow(overrides) {
      workflow = workflowContext({ ...workflow, ...overrides })
    },
    get tokensIssued() {
      return tokensIssued
    },
  }
}
