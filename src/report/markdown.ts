// Report -> GitHub markdown, for the job summary and the pull-request comment. Headline
// verdict first, then the findings (blocking first), metrics, the changes made or planned,
// the timeline, and the modes' own sections (tables, Mermaid charts).
import type { Finding, Metric, Report } from './types.js'

const ICON: Record<Finding['level'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' }

/** GitHub's limit for an issue comment body is 65,536 characters; the job summary's is 1 MiB. */
export const COMMENT_LIMIT = 65_000
export const SUMMARY_LIMIT = 1_000_000

export interface MarkdownOptions {
  limit?: number
  footer?: string
  /** Error and warning findings GitHub's per-step limit kept off the run page (report/annotations.ts). */
  annotationsLeftOut?: { error: number; warning: number }
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const lines: string[] = []
  const mark = report.verdict.ok ? '✅' : '❌'
  lines.push(`### ${mark} ${inline(report.verdict.headline)}`)
  lines.push('')
  lines.push(`**${report.mode}** · source ${codeSpan(report.source)}${report.dryRun ? ' · **dry run: nothing was changed**' : ''}`)
  lines.push('')

  if (report.findings.length > 0) {
    lines.push('| | Code | Subject | Finding | Remedy |', '|---|---|---|---|---|')
    for (const f of report.findings) {
      lines.push(`| ${ICON[f.level]} ${f.level} | ${codeSpan(f.code)} | ${cell(f.subject)} | ${cell(f.message)} | ${cell(f.remedy ?? '')} |`)
    }
    lines.push('')
  } else {
    lines.push('No findings.', '')
  }
  const leftOut = options.annotationsLeftOut
  if (leftOut && leftOut.error + leftOut.warning > 0) {
    const parts = [leftOut.error ? `${leftOut.error} error${leftOut.error === 1 ? '' : 's'}` : '', leftOut.warning ? `${leftOut.warning} warning${leftOut.warning === 1 ? '' : 's'}` : ''].filter(Boolean)
    lines.push(`_${parts.join(' and ')} above ${leftOut.error + leftOut.warning === 1 ? 'is' : 'are'} not annotated on the run page: GitHub shows at most 10 error and 10 warning annotations per step._`, '')
  }

  if (report.metrics.length > 0) {
    lines.push('| Metric | Value |', '|---|---|')
    for (const m of report.metrics) lines.push(`| ${cell(m.label ?? m.name)} | ${formatMetric(m)} |`)
    lines.push('')
  }

  const actions = report.actions ?? []
  if (actions.length > 0) {
    lines.push(report.dryRun ? '**Calls a real run would make**' : '**Changes made**', '')
    for (const a of actions) {
      const outcome = a.outcome === 'skipped' ? 'would run' : a.outcome
      lines.push(`1. ${codeSpan(a.description)} (${outcome})`)
    }
    lines.push('')
  }

  if (report.timeline.length > 0) {
    lines.push('<details><summary>Timeline</summary>', '', '| Time (UTC) | Event | Source |', '|---|---|---|')
    for (const e of report.timeline) {
      const span = e.end !== undefined ? ` to ${time(e.end)}` : ''
      lines.push(`| ${time(e.at)}${span} | ${cell(e.label)} | ${e.source ?? 'action'} |`)
    }
    lines.push('', '</details>', '')
  }

  for (const s of report.sections) lines.push(`#### ${inline(s.title)}`, '', s.markdown.trim(), '')

  const seconds = ((report.finishedAt - report.startedAt) / 1000).toFixed(1)
  lines.push(`<sub>rds-blue-green ${report.mode} · ${new Date(report.startedAt).toISOString()} · ${seconds} s${options.footer ? ` · ${options.footer}` : ''}</sub>`)
  return truncate(lines.join('\n'), options.limit ?? SUMMARY_LIMIT)
}

function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text
  const note = '\n\n_(truncated: the full report is in the JSON report file)_'
  return text.slice(0, limit - note.length) + note
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23)
}

/** Text for a table cell: no line breaks, no column separators. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

function inline(text: string): string {
  return text.replace(/\r?\n/g, ' ')
}

/**
 * A code span that keeps backticks in the text (SQL identifiers): the fence is one backtick
 * longer than the longest run inside, padded when the text starts or ends with one
 * (CommonMark). `|` is escaped, which GitHub honours inside code spans in tables.
 */
export function codeSpan(text: string): string {
  const body = inline(text).replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

const UNIT: Record<Metric['unit'], string> = { ms: ' ms', s: ' s', count: '', bytes: ' bytes', percent: ' %' }

/** `1,234 ms`, `3` (a count has no unit), `12.5 %`. */
export function formatMetric(m: Pick<Metric, 'value' | 'unit'>): string {
  const digits = Number.isInteger(m.value) ? 0 : 1
  return `${m.value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${UNIT[m.unit]}`
}
