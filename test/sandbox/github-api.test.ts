// The GitHub REST stand-in through @actions/github's own Octokit, reached via
// GITHUB_API_URL. @actions/github reads GITHUB_API_URL once, when the module is first
// imported (lib/utils.js computes its defaults at load), so the test sets it and only
// then imports the module.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type * as GitHubModuleType from '@actions/github'
import { type RunningGitHubApi, startGitHubApi } from '../../sandbox/github/server.js'

type GitHubModule = typeof GitHubModuleType
type Octokit = ReturnType<GitHubModule['getOctokit']>

const savedEnv = { ...process.env }

async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise
  } catch (error) {
    return (error as { status: number }).status
  }
  throw new Error('expected the request to fail')
}

describe('GitHub REST stand-in', () => {
  let api: RunningGitHubApi
  let github: GitHubModule
  let octokit: Octokit
  const repo = { owner: 'octo-org', repo: 'app' }

  beforeAll(async () => {
    api = await startGitHubApi({ repositories: { 'octo-org/app': { pulls: [7, { number: 8, headRef: 'schema-change' }], issues: [3] } } })
    process.env.GITHUB_API_URL = api.url
    github = await import('@actions/github')
    octokit = github.getOctokit(api.token)
  })

  afterAll(async () => {
    process.env = savedEnv
    await api.close()
  })

  it('creates, lists, gets, updates and deletes issue comments on a pull request', async () => {
    const before = api.requests.length
    expect((await octokit.rest.issues.listComments({ ...repo, issue_number: 7 })).data).toEqual([])

    const created = await octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: '<!-- rds-blue-green:prod:verify -->\nready' })
    expect(created.status).toBe(201)
    expect(created.data).toMatchObject({
      body: '<!-- rds-blue-green:prod:verify -->\nready',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: `https://github.com/octo-org/app/pull/7#issuecomment-${created.data.id}`,
      issue_url: `${api.url}/repos/octo-org/app/issues/7`,
    })

    const got = await octokit.rest.issues.getComment({ ...repo, comment_id: created.data.id })
    expect(got.data.body).toBe(created.data.body)

    const updated = await octokit.rest.issues.updateComment({ ...repo, comment_id: created.data.id, body: 'not ready' })
    expect(updated.data).toMatchObject({ id: created.data.id, body: 'not ready' })
    const listed = (await octokit.rest.issues.listComments({ ...repo, issue_number: 7 })).data
    expect(listed.map((c) => [c.id, c.body])).toEqual([[created.data.id, 'not ready']])

    expect((await octokit.rest.issues.deleteComment({ ...repo, comment_id: created.data.id })).status).toBe(204)
    expect((await octokit.rest.issues.listComments({ ...repo, issue_number: 7 })).data).toEqual([])

    expect(api.requests.slice(before).map((r) => [r.method, r.path, r.status])).toEqual([
      ['GET', '/repos/octo-org/app/issues/7/comments', 200],
      ['POST', '/repos/octo-org/app/issues/7/comments', 201],
      ['GET', `/repos/octo-org/app/issues/comments/${created.data.id}`, 200],
      ['PATCH', `/repos/octo-org/app/issues/comments/${created.data.id}`, 200],
      ['GET', '/repos/octo-org/app/issues/7/comments', 200],
      ['DELETE', `/repos/octo-org/app/issues/comments/${created.data.id}`, 204],
      ['GET', '/repos/octo-org/app/issues/7/comments', 200],
    ])
    expect(api.requests[before + 1]?.body).toEqual({ body: '<!-- rds-blue-green:prod:verify -->\nready' })
    expect(JSON.stringify(api.requests)).not.toContain(api.token)
  })

  it('paginates with Link headers that octokit.paginate follows to the end', async () => {
    const repository = api.model.repository('octo-org', 'app')!
    const ids = Array.from({ length: 65 }, (_, i) => api.model.addComment(repository, 8, `comment ${i}`, { login: 'octocat', id: 583231, type: 'User' }).id)
    const first = await octokit.rest.issues.listComments({ ...repo, issue_number: 8 })
    expect(first.data).toHaveLength(30)
    expect(first.headers.link).toBe(
      `<${api.url}/repositories/${repository.id}/issues/8/comments?page=2>; rel="next", ` +
        `<${api.url}/repositories/${repository.id}/issues/8/comments?page=3>; rel="last"`,
    )
    const before = api.requests.length
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: 8, per_page: 20 })
    expect(all.map((c) => c.id)).toEqual(ids)
    expect(api.requests.slice(before).map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`)).toEqual([
      '/repos/octo-org/app/issues/8/comments?per_page=20',
      `/repositories/${repository.id}/issues/8/comments?per_page=20&page=2`,
      `/repositories/${repository.id}/issues/8/comments?per_page=20&page=3`,
      `/repositories/${repository.id}/issues/8/comments?per_page=20&page=4`,
    ])
    const last = await octokit.rest.issues.listComments({ ...repo, issue_number: 8, per_page: 20, page: 4 })
    expect(last.data).toHaveLength(5)
    expect(last.headers.link).toContain('rel="prev"')
    expect(last.headers.link).not.toContain('rel="next"')
  })

  it('serves the pull request and the issue', async () => {
    const pull = await octokit.rest.pulls.get({ ...repo, pull_number: 8 })
    expect(pull.data).toMatchObject({ number: 8, state: 'open', head: { ref: 'schema-change' }, base: { ref: 'main' } })
    const issue = await octokit.rest.issues.get({ ...repo, issue_number: 3 })
    expect(issue.data).toMatchObject({ number: 3, state: 'open' })
    expect(issue.data.pull_request).toBeUndefined()
    expect(await status(octokit.rest.pulls.get({ ...repo, pull_number: 3 }))).toBe(404)
  })

  it('answers 404 for unknown repositories, issues and comments, as GitHub does', async () => {
    expect(await status(octokit.rest.issues.listComments({ owner: 'octo-org', repo: 'other', issue_number: 7 }))).toBe(404)
    expect(await status(octokit.rest.issues.createComment({ ...repo, issue_number: 99, body: 'x' }))).toBe(404)
    expect(await status(octokit.rest.issues.updateComment({ ...repo, comment_id: 1, body: 'x' }))).toBe(404)
    // Names are matched case-insensitively, like GitHub.
    expect((await octokit.rest.issues.listComments({ owner: 'Octo-Org', repo: 'APP', issue_number: 7 })).status).toBe(200)
  })

  it('validates the comment body: missing, or longer than GitHub accepts', async () => {
    const response = await fetch(`${api.url}/repos/octo-org/app/issues/7/comments`, {
      method: 'POST',
      headers: { authorization: `token ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'no body field' }),
    })
    expect(response.status).toBe(422)
    expect(await status(octokit.rest.issues.createComment({ ...repo, issue_number: 7, body: 'x'.repeat(65537) }))).toBe(422)
  })

  it('requires the token: 401 without it and with a wrong one', async () => {
    const bare = await fetch(`${api.url}/repos/octo-org/app/issues/7/comments`)
    expect(bare.status).toBe(401)
    expect(await bare.json()).toMatchObject({ message: 'Requires authentication' })
    const wrong = github.getOctokit('ghs_wrong')
    const error = await wrong.rest.issues.listComments({ ...repo, issue_number: 7 }).catch((e: unknown) => e as { status: number; message: string })
    expect(error).toMatchObject({ status: 401 })
    expect((error as { message: string }).message).toContain('Bad credentials')
    const bearer = await fetch(`${api.url}/repos/octo-org/app/issues/7/comments`, { headers: { authorization: `Bearer ${api.token}` } })
    expect(bearer.status).toBe(200)
  })
})
