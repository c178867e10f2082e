// Publishing a report: the JSON file, the job summary (GITHUB_STEP_SUMMARY), the step
// outputs (GITHUB_OUTPUT) and the sticky pull-request comment against the sandbox's GitHub
// REST stand-in reached through GITHUB_API_URL: created on the first run, updated (not
// duplicated) on the second.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { GithubInputs } from '../../src/inputs/types.js'
import { type Logger, memoryLogger } from '../../src/log.js'
import { finding } from '../../src/findings/finding.js'
import { ReportBuilder } from '../../src/report/builder.js'
import { CommentError, defaultPublishDeps, publishReport } from '../../src/report/publish.js'
import type { Report } from '../../src/report/types.js'
import { SecretRegistry } from '../../src/secrets/registry.js'
import { startGitHubApi, type RunningGitHubApi } from '../../sandbox/github/server.js'
import { parseGithubOutput } from '../helpers/run-action.js'

const DB_PASSWORD = 'Tr0ub4dor&3-secret'
const REPO = 'octo-org/octo-repo'

let github: RunningGitHubApi
let TOKEN: string
let dir: string
let logged: { level: string; message: string }[]

beforeAll(async () => {
  github = await startGitHubApi({ repositories: { [REPO]: { pulls: [7, 8, 9, 11, 12, 20], issues: [3] } } })
  TOKEN = github.token
})

const repository = () => github.model.repository('octo-org', 'octo-repo')!
/** The comments on a pull request, as the API holds them. */
const commentsOn = (n: number) => github.model.comments(repository(), n)
/** A comment left by a person. */
const seedComment = (n: number, body: string) => github.model.addComment(repository(), n, body, { login: 'octocat', id: 583231, type: 'User' })
afterAll(async () => {
  await github.close()
})

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rds-bg-publish-'))
  logged = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function env(event?: { name: string; payload: object }): NodeJS.ProcessEnv {
  const summary = join(dir, 'summary.md')
  const output = join(dir, 'output.txt')
  writeFileSync(summary, '')
  writeFileSync(output, '')
  const e: NodeJS.ProcessEnv = { GITHUB_API_URL: github.url, GITHUB_REPOSITORY: REPO, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: output }
  if (event) {
    const path = join(dir, 'event.json')
    writeFileSync(path, JSON.stringify(event.payload))
    e.GITHUB_EVENT_PATH = path
    e.GITHUB_EVENT_NAME = event.name
  }
  return e
}

const pullRequest = (number: number) => ({ name: 'pull_request', payload: { pull_request: { number } } })

function report(source = 'orders-db', mode: Report['mode'] = 'verify', lag = 42): Report {
  const b = new ReportBuilder(mode, source, false)
  b.finding(finding({ code: 'GREEN_WRITABLE', subject: `${source}-green-abc123`, message: `read_only is OFF; login used password ${DB_PASSWORD}`, remedy: 'Set read_only=1 in green\'s parameter group.' }))
  b.metric('replica-lag', lag, 'ms')
  b.output('replica-lag-ms', lag)
  b.output('ready', true)
  return b.build()
}

function log(): Logger {
  const push = (level: string) => (message: string) => logged.push({ level, message })
  return { ...memoryLogger(), info: push('info'), warning: push('warning'), notice: push('notice'), error: push('error'), debug: push('debug') }
}

async function publish(r: Report, github_: Partial<GithubInputs>, e: NodeJS.ProcessEnv) {
  const secrets = new SecretRegistry(() => undefined)
  secrets.add(DB_PASSWORD)
  secrets.add(github_.token)
  const deps = { ...defaultPublishDeps(secrets, log()), env: e }
  // core.summary caches the summary file path on first use; write through the env given.
  deps.writeSummary = async (markdown: string) => writeFileSync(e.GITHUB_STEP_SUMMARY!, markdown, { flag: 'a' })
  const prev = process.env.GITHUB_OUTPUT
  process.env.GITHUB_OUTPUT = e.GITHUB_OUTPUT
  try {
    return await publishReport(r, { reportPath: join(dir, 'report', 'verify.json'), github: { prComment: 'auto', ...github_ } }, deps)
  } finally {
    process.env.GITHUB_OUTPUT = prev
  }
}

describe('sticky pull-request comment', () => {
  it('is created on the first run and updated, not duplicated, on the second', async () => {
    const other = seedComment(7, 'LGTM from a human')
    const first = await publish(report('orders-db', 'verify', 42), { token: TOKEN }, env(pullRequest(7)))
    expect(first.comment?.action).toBe('created')
    const onPr = () => commentsOn(7)
    expect(onPr()).toHaveLength(2)
    const sticky = onPr().find((c) => c.id !== other.id)!
    expect(sticky.body.split('\n')[0]).toBe('<!-- rds-blue-green:sticky source=orders-db mode=verify -->')
    expect(sticky.body).toContain('| replica-lag | 42 ms |')

    const second = await publish(report('orders-db', 'verify', 17), { token: TOKEN }, env(pullRequest(7)))
    expect(second.comment).toEqual({ action: 'updated', url: first.comment!.url })
    expect(onPr()).toHaveLength(2)
    expect(onPr().find((c) => c.id === sticky.id)!.body).toContain('| replica-lag | 17 ms |')
    expect(onPr().find((c) => c.id === other.id)!.body).toBe('LGTM from a human')
  })

  it('keeps one comment per source and per mode', async () => {
    const e = () => env(pullRequest(8))
    await publish(report('orders-db', 'verify'), { token: TOKEN }, e())
    await publish(report('billing-db', 'verify'), { token: TOKEN }, e())
    await publish(report('orders-db', 'switchover'), { token: TOKEN }, e())
    await publish(report('orders-db', 'verify'), { token: TOKEN }, e())
    expect(commentsOn(8)).toHaveLength(3)
  })

  it('finds its comment beyond the first page of comments', async () => {
    for (let i = 0; i < 150; i++) seedComment(9, `chatter ${i}`)
    await publish(report(), { token: TOKEN }, env(pullRequest(9)))
    for (let i = 0; i < 120; i++) seedComment(9, `more chatter ${i}`)
    const again = await publish(report(), { token: TOKEN }, env(pullRequest(9)))
    expect(again.comment?.action).toBe('updated')
    expect(commentsOn(9).filter((c) => c.body.includes('rds-blue-green:sticky'))).toHaveLength(1)
    expect(commentsOn(9)).toHaveLength(271)
  })

  it('takes the pull request of an issue_comment event, or the pr-number input', async () => {
    const fromComment = await publish(report('c1-db'), { token: TOKEN }, env({ name: 'issue_comment', payload: { issue: { number: 11, pull_request: { url: 'x' } } } }))
    expect(fromComment.comment?.url).toMatch(/\/pull\/11#issuecomment-/)
    const explicit = await publish(report('c2-db'), { token: TOKEN, prNumber: 12 }, env({ name: 'workflow_dispatch', payload: {} }))
    expect(explicit.comment?.url).toMatch(/\/pull\/12#issuecomment-/)
  })

  it('is skipped with a notice when there is no pull request or no token (auto)', async () => {
    const count = github.requests.length
    const noPr = await publish(report(), { token: TOKEN }, env({ name: 'workflow_dispatch', payload: {} }))
    const issueNotPr = await publish(report(), { token: TOKEN }, env({ name: 'issue_comment', payload: { issue: { number: 3 } } }))
    const noToken = await publish(report(), {}, env(pullRequest(7)))
    expect([noPr.comment, issueNotPr.comment, noToken.comment]).toEqual([undefined, undefined, undefined])
    expect(github.requests.length).toBe(count)
    expect(logged.filter((l) => l.level === 'notice').map((l) => l.message)).toEqual([
      'Pull-request comment skipped: the workflow_dispatch event is not about a pull request (set pr-number to choose one)',
      'Pull-request comment skipped: the issue_comment event is not about a pull request (set pr-number to choose one)',
      'Pull-request comment skipped: there is no github-token',
    ])
  })

  it('fails with pr-comment: always when it cannot post, and is never attempted with never', async () => {
    await expect(publish(report(), { token: TOKEN, prComment: 'always' }, env({ name: 'push', payload: {} }))).rejects.toThrow(CommentError)
    await expect(publish(report(), { token: 'ghs_wrong', prComment: 'always' }, env(pullRequest(7)))).rejects.toThrow(
      /^pr-comment is always but the GitHub API refused the comment on #7 \(HTTP 401\)/,
    )
    const count = github.requests.length
    await publish(report(), { token: TOKEN, prComment: 'never' }, env(pullRequest(7)))
    expect(github.requests.length).toBe(count)
  })

  it('warns but does not fail when the API refuses (auto)', async () => {
    const result = await publish(report(), { token: 'ghs_wrong' }, env(pullRequest(7)))
    expect(result.comment).toBeUndefined()
    expect(logged.find((l) => l.level === 'warning')?.message).toMatch(/HTTP 401.*pull-requests: write/)
  })
})

describe('summary, JSON and outputs', () => {
  it('writes all three, with the report path and verdict as outputs, and no secret anywhere', async () => {
    const e = env(pullRequest(20))
    const result = await publish(report(), { token: TOKEN }, e)
    const json = readFileSync(result.jsonPath, 'utf8')
    const summary = readFileSync(e.GITHUB_STEP_SUMMARY!, 'utf8')
    const comment = commentsOn(20)[0]!.body
    for (const text of [json, summary, comment]) {
      expect(text).not.toContain(DB_PASSWORD)
      expect(text).not.toContain(TOKEN)
      expect(text).toContain('login used password ***')
    }
    expect(JSON.parse(json)).toMatchObject({ schemaVersion: 1, mode: 'verify', source: 'orders-db', verdict: { ok: true } })
    expect(summary.startsWith('### ✅ verify: done with 1 warning')).toBe(true)
    const outputs = parseGithubOutput(readFileSync(e.GITHUB_OUTPUT!, 'utf8'))
    expect(outputs).toEqual({
      'replica-lag-ms': '42',
      ready: 'true',
      'report-path': result.jsonPath,
      verdict: 'ok',
      'comment-url': result.comment!.url,
    })
  })
})
