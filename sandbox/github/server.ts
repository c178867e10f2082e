// A GitHub REST stand-in for what the action's sticky pull-request comment needs, reached
// through GITHUB_API_URL as @actions/github's Octokit reaches api.github.com:
//   GET    /repos/{owner}/{repo}/issues/{n}/comments      (paginated, Link header)
//   GET    /repositories/{id}/issues/{n}/comments          (where Link headers point)
//   POST   /repos/{owner}/{repo}/issues/{n}/comments
//   GET    /repos/{owner}/{repo}/issues/comments/{id}
//   PATCH  /repos/{owner}/{repo}/issues/comments/{id}
//   DELETE /repos/{owner}/{repo}/issues/comments/{id}
//   GET    /repos/{owner}/{repo}/issues/{n}, /pulls/{n}, /repos/{owner}/{repo}
// Every request needs the configured token (`token X` or `Bearer X`), else 401 as GitHub
// answers; unknown repositories, issues and comments are 404. Every request is recorded
// (method, path, query, parsed body, status; never the token) for tests to assert.
import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { type RunningService, serveHttp } from '../identity/http-service.js'
import { type GitHubUser, type IssueRecord, type RepositoryRecord, GITHUB_ACTIONS_BOT, GitHubModel } from './model.js'
import type { PullRequestSeed } from './model.js'
import { PaginationError, paginate } from './pagination.js'
import { commentJson, issueJson, pullJson, repositoryJson } from './shapes.js'

export interface RecordedRequest {
  method: string
  /** The path without the query string. */
  path: string
  query: Record<string, string>
  /** The JSON body, parsed; undefined when there was none. */
  body: unknown
  status: number
}

export interface GitHubApiOptions {
  /** The token requests must carry. Default: a random GITHUB_TOKEN-like one (ghs_...). */
  token?: string
  /** Who the token acts as. Default: github-actions[bot], as GITHUB_TOKEN does. */
  user?: GitHubUser
  /** Repositories with their pull requests and issues, e.g. { 'octo-org/app': { pulls: [7] } }. */
  repositories?: Record<string, { pulls?: Array<number | PullRequestSeed>; issues?: number[] }>
  port?: number
}

export interface RunningGitHubApi extends RunningService {
  /** The value for GITHUB_API_URL. */
  url: string
  token: string
  model: GitHubModel
  /** Every request received, in order. */
  requests: RecordedRequest[]
}

const DOCS = 'https://docs.github.com/rest'
const MAX_BODY = 65536

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentation = DOCS,
    readonly errors?: unknown[],
  ) {
    super(message)
  }
}

const notFound = (documentation = DOCS) => new HttpError(404, 'Not Found', documentation)

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-resource': 'core',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    ...extra,
  }
}

function commentBody(body: unknown, documentation: string): string {
  const text = (body as { body?: unknown } | undefined)?.body
  if (typeof text !== 'string') throw new HttpError(422, 'Invalid request.\n\n"body" wasn\'t supplied.', documentation)
  if (text.length > MAX_BODY) {
    throw new HttpError(422, 'Validation Failed', documentation, [
      { resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` },
    ])
  }
  return text
}

export async function startGitHubApi(options: GitHubApiOptions = {}): Promise<RunningGitHubApi> {
  const token = options.token ?? `ghs_${randomBytes(27).toString('base64url').replace(/[-_]/g, 'x').slice(0, 36)}`
  const user = options.user ?? GITHUB_ACTIONS_BOT
  const model = new GitHubModel()
  for (const [fullName, seed] of Object.entries(options.repositories ?? {})) {
    model.addRepository(fullName)
    for (const pull of seed.pulls ?? []) model.addPullRequest(fullName, typeof pull === 'number' ? { number: pull } : pull)
    for (const issue of seed.issues ?? []) model.addIssue(fullName, issue)
  }
  const requests: RecordedRequest[] = []
  let api = ''

  const route = (method: string, url: URL, body: unknown): { status: number; json?: unknown; link?: string } => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent)
    const repo = (owner: string, name: string): RepositoryRecord => {
      const found = model.repository(owner, name)
      if (!found) throw notFound(`${DOCS}/repos/repos#get-a-repository`)
      return found
    }
    const issueOf = (repository: RepositoryRecord, n: string, docs: string): IssueRecord => {
      const issue = /^\d+$/.test(n) ? model.issue(repository, Number(n)) : undefined
      if (!issue) throw notFound(docs)
      return issue
    }
    const listComments = (repository: RepositoryRecord, n: string) => {
      const docs = `${DOCS}/issues/comments#list-issue-comments`
      const issue = issueOf(repository, n, docs)
      const since = url.searchParams.get('since')
      const all = model
        .comments(repository, issue.number)
        .filter((c) => since === null || c.updatedAt.getTime() >= Date.parse(since))
        .map((c) => commentJson(api, repository, issue, c))
      const page = paginate(all, url.searchParams, `${api}/repositories/${repository.id}/issues/${issue.number}/comments`)
      return { status: 200, json: page.items, link: page.link }
    }

    // /repositories/{id}/issues/{n}/comments: the form GitHub's Link headers use.
    if (parts[0] === 'repositories' && parts[2] === 'issues' && parts[4] === 'comments' && parts.length === 5 && method === 'GET') {
      const repository = model.repositoryById(Number(parts[1]))
      if (!repository) throw notFound()
      return listComments(repository, parts[3]!)
    }
    if (parts[0] !== 'repos' || parts.length < 3) throw notFound()
    const repository = repo(parts[1]!, parts[2]!)
    const rest = parts.slice(3)

    if (rest.length === 0 && method === 'GET') return { status: 200, json: repositoryJson(api, repository) }
    if (rest[0] === 'issues' && rest[1] === 'comments' && rest.length === 3) {
      const docs = `${DOCS}/issues/comments#get-an-issue-comment`
      const comment = /^\d+$/.test(rest[2]!) ? model.comment(repository, Number(rest[2])) : undefined
      if (!comment) throw notFound(docs)
      const issue = model.issue(repository, comment.issueNumber)!
      if (method === 'GET') return { status: 200, json: commentJson(api, repository, issue, comment) }
      if (method === 'PATCH') {
        const text = commentBody(body, `${DOCS}/issues/comments#update-an-issue-comment`)
        return { status: 200, json: commentJson(api, repository, issue, model.updateComment(comment, text)) }
      }
      if (method === 'DELETE') {
        model.deleteComment(comment)
        return { status: 204 }
      }
      throw notFound(docs)
    }
    if (rest[0] === 'issues' && rest.length === 3 && rest[2] === 'comments') {
      if (method === 'GET') return listComments(repository, rest[1]!)
      if (method === 'POST') {
        const docs = `${DOCS}/issues/comments#create-an-issue-comment`
        const issue = issueOf(repository, rest[1]!, docs)
        const comment = model.addComment(repository, issue.number, commentBody(body, docs), user)
        return { status: 201, json: commentJson(api, repository, issue, comment) }
      }
    }
    if (rest[0] === 'issues' && rest.length === 2 && method === 'GET') {
      const issue = issueOf(repository, rest[1]!, `${DOCS}/issues/issues#get-an-issue`)
      return { status: 200, json: issueJson(api, repository, issue, model.comments(repository, issue.number).length) }
    }
    if (rest[0] === 'pulls' && rest.length === 2 && method === 'GET') {
      const docs = `${DOCS}/pulls/pulls#get-a-pull-request`
      const issue = issueOf(repository, rest[1]!, docs)
      if (!issue.pull) throw notFound(docs)
      return { status: 200, json: pullJson(api, repository, issue, model.comments(repository, issue.number).length) }
    }
    throw notFound()
  }

  const send = (res: ServerResponse, status: number, json: unknown, extra?: Record<string, string>) => {
    if (status === 204) res.writeHead(204, headers(extra)).end()
    else res.writeHead(status, headers(extra)).end(JSON.stringify(json))
  }

  const service = await serveHttp('github', (req, res, raw) => {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      status: 0,
    }
    requests.push(record)
    try {
      if (raw.length > 0) {
        try {
          record.body = JSON.parse(raw.toString('utf8'))
        } catch {
          throw new HttpError(400, 'Problems parsing JSON')
        }
      }
      const match = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '')
      if (!match) throw new HttpError(401, 'Requires authentication')
      if (match[1] !== token) throw new HttpError(401, 'Bad credentials')
      const result = route(method, url, record.body)
      record.status = result.status
      send(res, result.status, result.json, result.link ? { link: result.link } : undefined)
    } catch (caught) {
      const error = caught instanceof PaginationError ? new HttpError(422, caught.message) : caught
      if (!(error instanceof HttpError)) throw error
      record.status = error.status
      const json: Record<string, unknown> = { message: error.message, documentation_url: error.documentation }
      if (error.errors) json.errors = error.errors
      json.status = String(error.status)
      send(res, error.status, json)
    }
  }, options.port)
  api = service.url
  return { ...service, token, model, requests }
}
