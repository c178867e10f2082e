// TEMPORARY stand-ins for the GitHub OIDC token endpoint, AWS STS and the GitHub issue
// comments API, for the foundation's tests until the sandbox's own (sandbox/identity/,
// sandbox/github/, being built on the sandbox-wire branch) land on main. They implement
// only what the action uses, on the real wire formats: replace them with the sandbox's
// and delete this file.
import { randomBytes, randomUUID } from 'node:crypto'
import { queryError, queryParams, startHttpStub, type HttpStub } from './http-stub.js'

// ---------------------------------------------------------------- OIDC token endpoint
export interface OidcStandIn extends HttpStub {
  /** ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN as the runner sets them. */
  env: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string }
  issued: { token: string; audience: string }[]
}

/** GET <url>&audience=... with `Authorization: Bearer <request token>` -> {"value": "<jwt>"}. */
export async function startOidcStandIn(): Promise<OidcStandIn> {
  const requestToken = `request-${randomBytes(8).toString('hex')}`
  const issued: { token: string; audience: string }[] = []
  const stub = await startHttpStub((req) => {
    if (req.headers.authorization !== `Bearer ${requestToken}`) return { status: 401, body: '{"message":"bad request token"}' }
    const audience = new URL(req.url, 'http://x').searchParams.get('audience') ?? 'https://github.com/octo-org'
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const token = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ aud: audience, sub: 'repo:octo-org/octo-repo:ref:refs/heads/main', jti: randomUUID() })}.${randomBytes(32).toString('base64url')}`
    issued.push({ token, audience })
    return { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ value: token }) }
  })
  return {
    ...stub,
    issued,
    env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${stub.url}/token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: requestToken },
  }
}

// ---------------------------------------------------------------- STS
export interface StsStandIn extends HttpStub {
  /** Credentials handed out, in order. */
  granted: { roleArn: string; sessionName: string; accessKeyId: string; secretAccessKey: string; sessionToken: string; token: string }[]
}

/** AssumeRoleWithWebIdentity over the Query protocol; accepts tokens `accept(token)` approves. */
export async function startStsStandIn(accept: (token: string) => boolean, lifetimeSeconds = 3600): Promise<StsStandIn> {
  const granted: StsStandIn['granted'] = []
  const stub = await startHttpStub((req) => {
    const p = queryParams(req.body)
    if (p.Action !== 'AssumeRoleWithWebIdentity') return queryError('InvalidAction', `unsupported action ${p.Action}`)
    const token = p.WebIdentityToken ?? ''
    if (!accept(token)) return queryError('InvalidIdentityToken', 'Couldn\'t verify the web identity token')
    const roleArn = p.RoleArn ?? ''
    const sessionName = p.RoleSessionName ?? ''
    const account = /::(\d{12}):/.exec(roleArn)?.[1] ?? '000000000000'
    const roleName = roleArn.split('/').pop() ?? 'role'
    const creds = {
      roleArn,
      sessionName,
      token,
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FwoG${randomBytes(48).toString('base64')}`,
    }
    granted.push(creds)
    const expiration = new Date(Date.now() + lifetimeSeconds * 1000).toISOString()
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>repo:octo-org/octo-repo:ref:refs/heads/main</SubjectFromWebIdentityToken>
    <Audience>sts.amazonaws.com</Audience>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}</Arn>
      <AssumedRoleId>AROA${randomBytes(6).toString('hex').toUpperCase()}:${sessionName}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${creds.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${creds.secretAccessKey}</SecretAccessKey>
      <SessionToken>${creds.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <Provider>token.actions.githubusercontent.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>`,
    }
  })
  return { ...stub, granted }
}

// ---------------------------------------------------------------- GitHub issue comments
export interface StoredComment {
  id: number
  issue: number
  body: string
  created_at: string
  updated_at: string
}

export interface GithubStandIn extends HttpStub {
  comments: StoredComment[]
}

/** The REST endpoints for issue comments (list with pagination, create, update), for one token. */
export async function startGithubStandIn(token: string, options: { perPageCap?: number } = {}): Promise<GithubStandIn> {
  const comments: StoredComment[] = []
  let nextId = 1000
  let baseUrl = ''
  const shape = (c: StoredComment) => ({
    id: c.id,
    body: c.body,
    html_url: `https://github.com/octo-org/octo-repo/pull/${c.issue}#issuecomment-${c.id}`,
    url: `${baseUrl}/repos/octo-org/octo-repo/issues/comments/${c.id}`,
    user: { login: 'github-actions[bot]', type: 'Bot' },
    created_at: c.created_at,
    updated_at: c.updated_at,
  })
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  })
  const stub = await startHttpStub((req) => {
    if (req.headers.authorization !== `token ${token}` && req.headers.authorization !== `Bearer ${token}`) {
      return json(401, { message: 'Bad credentials' })
    }
    const url = new URL(req.url, baseUrl)
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname)
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname)
    const now = new Date().toISOString()
    if (list && req.method === 'GET') {
      const issue = Number(list[3])
      const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), options.perPageCap ?? 100)
      const page = Number(url.searchParams.get('page') ?? 1)
      const all = comments.filter((c) => c.issue === issue)
      const slice = all.slice((page - 1) * perPage, page * perPage)
      const headers: Record<string, string> = {}
      if (page * perPage < all.length) {
        headers.link = `<${baseUrl}${url.pathname}?per_page=${perPage}&page=${page + 1}>; rel="next"`
      }
      return json(200, slice.map(shape), headers)
    }
    if (list && req.method === 'POST') {
      const body = (JSON.parse(req.body) as { body: string }).body
      const c: StoredComment = { id: nextId++, issue: Number(list[3]), body, created_at: now, updated_at: now }
      comments.push(c)
      return json(201, shape(c))
    }
    if (one && req.method === 'PATCH') {
      const c = comments.find((x) => x.id === Number(one[3]))
      if (!c) return json(404, { message: 'Not Found' })
      c.body = (JSON.parse(req.body) as { body: string }).body
      c.updated_at = now
      return json(200, shape(c))
    }
    return json(404, { message: `Not Found: ${req.method} ${url.pathname}` })
  })
  baseUrl = stub.url
  return { ...stub, comments }
}

/** Seeds a comment as another user would have left it. */
export function seedComment(standIn: GithubStandIn, issue: number, body: string): StoredComment {
  const now = new Date().toISOString()
  // ids below 1000 never collide with the ones the stand-in assigns
  const c = { id: 1 + standIn.comments.filter((x) => x.id < 1000).length, issue, body, created_at: now, updated_at: now }
  standIn.comments.push(c)
  return c
}
