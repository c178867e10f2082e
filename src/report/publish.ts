// Publishes a finished Report: the JSON file (its path is the `report-path` output), the
// job summary, the sticky pull-request comment, and the step outputs. Every rendering gets
// a last redaction pass against the run's secrets before it leaves the process.
import * as core from '@actions/core'
import type { CommonInputs } from '../inputs/types.js'
import type { Logger } from '../log.js'
import type { SecretRegistry } from '../secrets/registry.js'
import { renderJson, writeTextFile } from './json.js'
import { COMMENT_LIMIT, renderMarkdown } from './markdown.js'
import { commentMarker, findPullRequest, upsertStickyComment } from './pr-comment.js'
import type { Report } from './types.js'
import { errorLine } from '../error-line.js'

export interface PublishDeps {
  secrets: SecretRegistry
  log: Logger
  env: NodeJS.ProcessEnv
  setOutput: (name: string, value: string) => void
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary: (markdown: string) => Promise<void>
}

export interface Published {
  report: Report
  jsonPath: string
  summaryWritten: boolean
  comment?: { action: 'created' | 'updated'; url: string }
}

export class CommentError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CommentError'
  }
}

export const defaultPublishDeps = (secrets: SecretRegistry, log: Logger): PublishDeps => ({
  secrets,
  log,
  env: process.env,
  setOutput: core.setOutput,
  writeSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write()
  },
})

export interface PublishOptions {
  /** Error and warning findings that are not annotations (GitHub's per-step limit): the summary says how many. */
  annotationsLeftOut?: { error: number; warning: number }
}

/** The sticky comment's body: its hidden marker, then the report within GitHub's comment limit. */
export function commentBody(report: Report, limit = COMMENT_LIMIT): string {
  const marker = commentMarker(report.source, report.mode)
  return `${marker}\n${renderMarkdown(report, { limit: limit - marker.length - 1 })}`
}

export async function publishReport(
  report: Report,
  inputs: Pick<CommonInputs, 'reportPath' | 'github'>,
  deps: PublishDeps,
  options: PublishOptions = {},
): Promise<Published> {
  const { secrets, log } = deps
  const full: Report = {
    ...report,
    outputs: { ...report.outputs, 'report-path': inputs.reportPath, verdict: report.verdict.ok ? 'ok' : 'failed' },
  }
  const safe = secrets.redactDeep(full)

  writeTextFile(inputs.reportPath, secrets.redact(renderJson(safe)))
  log.info(`Report written to ${inputs.reportPath}`)

  let summaryWritten = false
  if (deps.env.GITHUB_STEP_SUMMARY) {
    await deps.writeSummary(secrets.redact(renderMarkdown(safe, options.annotationsLeftOut ? { annotationsLeftOut: options.annotationsLeftOut } : {})))
    summaryWritten = true
  }

  // Outputs before the comment: a comment that fails (pr-comment: always) fails the step,
  // but later steps (if: always()) still find the report and the figures.
  for (const [name, value] of Object.entries(safe.outputs)) deps.setOutput(name, value)
  const published: Published = { report: safe, jsonPath: inputs.reportPath, summaryWritten }
  const comment = await publishComment(safe, inputs, deps)
  if (comment) {
    published.comment = comment
    safe.outputs['comment-url'] = comment.url
    deps.setOutput('comment-url', comment.url)
  }
  return published
}

async function publishComment(
  report: Report,
  inputs: Pick<CommonInputs, 'github'>,
  deps: PublishDeps,
): Promise<{ action: 'created' | 'updated'; url: string } | undefined> {
  const { prComment, token, prNumber } = inputs.github
  if (prComment === 'never') return undefined
  const insist = prComment === 'always'
  const skip = (reason: string): undefined => {
    if (insist) throw new CommentError(`pr-comment is always but ${reason}`)
    deps.log.notice(`Pull-request comment skipped: ${reason}`)
    return undefined
  }
  if (!token) return skip('there is no github-token')
  const found = findPullRequest(deps.env, prNumber)
  if (!found.pr) return skip(found.reason)
  const marker = commentMarker(report.source, report.mode)
  const body = deps.secrets.redact(commentBody(report))
  try {
    const result = await upsertStickyComment({ token, pr: found.pr, marker, body, ...(deps.env.GITHUB_API_URL ? { apiUrl: deps.env.GITHUB_API_URL } : {}) })
    deps.log.info(`Pull-request comment ${result.action}: ${result.url}`)
    return { action: result.action, url: result.url }
  } catch (error) {
    const status = (error as { status?: number }).status
    const why = `the GitHub API refused the comment on #${found.pr.number}${status ? ` (HTTP ${status})` : ''}: ${errorLine(error)}; the job needs 'permissions: pull-requests: write'`
    if (insist) throw new CommentError(deps.secrets.redact(`pr-comment is always but ${why}`))
    deps.log.warning(why)
    return undefined
  }
}
