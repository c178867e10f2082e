// The sticky pull-request comment: one comment per (source database, mode), found again
// by a hidden HTML marker and edited in place on every run, created when missing.
import { readFileSync } from 'node:fs'
import { getOctokit } from '@actions/github'
import type { Mode } from '../mode.js'

/** The hidden first line that identifies the comment of a (source, mode) pair. */
export function commentMarker(source: string, mode: Mode): string {
  return `<!-- rds-blue-green:sticky source=${source} mode=${modeFamily(mode)} -->`
}

/**
 * Which comment a mode's report goes to. Each mode has its own today (verify's readiness
 * report must not be overwritten by a later cleanup); kept as a function so stages can be
 * grouped later without changing the marker format.
 */
export function modeFamily(mode: Mode): string {
  return mode
}

export interface PullRequestRef {
  owner: string
  repo: string
  number: number
}

/**
 * The pull request this run belongs to: the explicit `pr-number` input, else the event's
 * (pull_request, pull_request_target, or an issue_comment on a pull request). Undefined,
 * with the reason, when there is none.
 */
export function findPullRequest(
  env: NodeJS.ProcessEnv,
  prNumber?: number,
): { pr: PullRequestRef } | { pr: undefined; reason: string } {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const [owner, repo] = repository.split('/')
  if (!owner || !repo) return { pr: undefined, reason: 'GITHUB_REPOSITORY is not set' }
  if (prNumber !== undefined) return { pr: { owner, repo, number: prNumber } }
  const event = env.GITHUB_EVENT_NAME ?? ''
  let payload: Record<string, unknown> = {}
  if (env.GITHUB_EVENT_PATH) {
    try {
      payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as Record<string, unknown>
    } catch {
      return { pr: undefined, reason: `the event payload ${env.GITHUB_EVENT_PATH} could not be read` }
    }
  }
  const pullRequest = payload.pull_request as { number?: number } | undefined
  if (pullRequest?.number) return { pr: { owner, repo, number: pullRequest.number } }
  const issue = payload.issue as { number?: number; pull_request?: unknown } | undefined
  if (issue?.number && issue.pull_request) return { pr: { owner, repo, number: issue.number } }
  return { pr: undefined, reason: `the ${event || 'current'} event is not about a pull request (set pr-number to choose one)` }
}

export interface UpsertResult {
  action: 'created' | 'updated'
  id: number
  url: string
}

/**
 * Creates or updates the comment whose body contains `marker`. The API base URL is read
 * at call time from GITHUB_API_URL (GitHub Enterprise Server, or a local stand-in).
 */
export async function upsertStickyComment(options: {
  token: string
  pr: PullRequestRef
  marker: string
  body: string
  apiUrl?: string
}): Promise<UpsertResult> {
  const baseUrl = options.apiUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com'
  const octokit = getOctokit(options.token, { baseUrl })
  const { owner, repo, number } = options.pr
  const body = options.body.includes(options.marker) ? options.body : `${options.marker}\n${options.body}`
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: number,
    per_page: 100,
  })
  const existing = comments.find((c) => c.body?.includes(options.marker))
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body })
    return { action: 'updated', id: data.id, url: data.html_url }
  }
  const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: number, body })
  return { action: 'created', id: data.id, url: data.html_url }
}
