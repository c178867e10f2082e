// Report -> GitHub markdown, for the job summary and the pull-request comment. Laid out to
// read in a comment 760 px wide: the verdict first; then what the mode puts first (verify's
// readiness checklist, which an approver needs before anything else); the findings as a
// list, each with its remedy on a line of its own (a table of five columns did not fit);
// metrics; the changes made or planned; the mode's sections (tables, Mermaid charts); the
// timeline, folded; and a footer.
//
// A comment holds at most 65,536 characters. When a report does not fit, whole parts are
// left out, never cut in the middle of a table or a <details>, in this order: timeline rows,
// tables that are not charts, the list of changes, notes, then warnings and errors beyond
// the first. The verdict, the lead sections, the charts and the footer stay, and a visible
// notice says what was left out and where to find it.
import type { Finding } from '../findings/finding.js'
import type { ActionRecord, Metric, Report, ReportSection, TimelineEvent } from './types.js'

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

/** What is kept of each part that can be shortened; everything by default. */
interface Cuts {
  timelineRows: number
  /** Indexes (in report.sections) of sections left out. */
  omittedSections: Set<number>
  actions: number
  infos: number
  warnings: number
  errors: number
}

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const limit = options.limit ?? SUMMARY_LIMIT
  const count = (level: Finding['level']) => report.findings.filter((f) => f.level === level).length
  const full: Cuts = {
    timelineRows: report.timeline.length,
    omittedSections: new Set(),
    actions: (report.actions ?? []).length,
    infos: count('info'),
    warnings: count('warning'),
    errors: count('error'),
  }
  const cuts = { ...full, omittedSections: new Set<number>() }
  const fits = () => assemble(report, options, cuts, full).length <= limit
  if (fits()) return assemble(report, options, cuts, full)

  /** The most of `key` that fits, by bisection (the text grows with it). */
  const shrink = (key: 'timelineRows' | 'actions' | 'infos' | 'warnings' | 'errors', floor = 0) => {
    let lo = floor
    let hi = cuts[key]
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      cuts[key] = mid
      if (fits()) lo = mid
      else hi = mid - 1
    }
    cuts[key] = lo
    return fits()
  }
  if (shrink('timelineRows')) return assemble(report, options, cuts, full)
  // Tables before charts, the largest first; what the mode leads with stays.
  const tables = report.sections
    .map((s, i) => ({ i, s }))
    .filter(({ s }) => !s.lead && !isChart(s))
    .sort((a, b) => b.s.markdown.length - a.s.markdown.length)
  for (const { i } of tables) {
    cuts.omittedSections.add(i)
    if (fits()) return assemble(report, options, cuts, full)
  }
  if (shrink('actions') || shrink('infos') || shrink('warnings') || shrink('errors', 1)) return assemble(report, options, cuts, full)
  // Only the charts and the lead sections are left to give up; then the text itself.
  report.sections.forEach((s, i) => {
    if (!fits()) cuts.omittedSections.add(i)
  })
  const text = assemble(report, options, cuts, full)
  return text.length <= limit ? text : `${text.slice(0, limit - 40)}\n\n_(cut at the comment limit)_`
}

function assemble(report: Report, options: MarkdownOptions, cuts: Cuts, full: Cuts): string {
  const blocks: string[] = []
  const mark = report.verdict.ok ? '✅' : '❌'
  blocks.push(`### ${mark} ${text(inline(report.verdict.headline))}`)
  blocks.push(
    `**${report.mode}** · source ${codeSpan(report.source)}${report.dryRun ? ' · **dry run: nothing was changed; this report says what a real run would do**' : ''}`,
  )

  const sections = report.sections.map((s, i) => ({ s, i })).filter(({ i }) => !cuts.omittedSections.has(i))
  for (const { s } of sections.filter(({ s }) => s.lead)) blocks.push(sectionBlock(s))

  blocks.push(findingsBlock(report.findings, cuts))
  const leftOut = options.annotationsLeftOut
  if (leftOut && leftOut.error + leftOut.warning > 0) {
    const parts = [leftOut.error ? plural(leftOut.error, 'error') : '', leftOut.warning ? plural(leftOut.warning, 'warning') : ''].filter(Boolean)
    blocks.push(`_${parts.join(' and ')} listed here ${leftOut.error + leftOut.warning === 1 ? 'is' : 'are'} not annotated on the run page: GitHub shows at most 10 error and 10 warning annotations per step._`)
  }

  if (report.metrics.length > 0) {
    blocks.push(['| Metric | Value |', '|---|---|', ...report.metrics.map((m) => `| ${cell(m.label ?? m.name)} | ${formatMetric(m)} |`)].join('\n'))
  }

  const actions = report.actions ?? []
  if (actions.length > 0 && cuts.actions > 0) blocks.push(actionsBlock(report.dryRun, actions.slice(0, cuts.actions), actions.length - cuts.actions))

  for (const { s } of sections.filter(({ s }) => !s.lead)) blocks.push(sectionBlock(s))

  if (report.timeline.length > 0 && cuts.timelineRows > 0) blocks.push(timelineBlock(report.timeline, cuts.timelineRows))

  const notice = truncationNotice(report, cuts, full)
  if (notice) blocks.push(notice)

  const seconds = ((report.finishedAt - report.startedAt) / 1000).toFixed(1)
  blocks.push(`<sub>rds-blue-green ${report.mode} · ${new Date(report.startedAt).toISOString()} · ${seconds} s${options.footer ? ` · ${options.footer}` : ''}</sub>`)
  return blocks.join('\n\n')
}

function sectionBlock(s: ReportSection): string {
  return `#### ${text(inline(s.title))}\n\n${s.markdown.trim()}`
}

export function isChart(s: ReportSection): boolean {
  return s.markdown.includes('```mermaid')
}

/** One finding: icon, code and subject; the message; the remedy on a line of its own. */
function findingItem(f: Finding): string {
  const lines = [`- ${ICON[f.level]} **${codeSpan(f.code)}** · ${codeSpan(f.subject)}`, `  ${text(paragraph(f.message))}`]
  if (f.remedy) lines.push(`  **Remedy:** ${text(paragraph(f.remedy))}`)
  return lines.join('<br>\n')
}

function findingsBlock(findings: readonly Finding[], cuts: Cuts): string {
  if (findings.length === 0) return 'No findings.'
  const of = (level: Finding['level']) => findings.filter((f) => f.level === level)
  const errors = of('error')
  const warnings = of('warning')
  const infos = of('info')
  const summary = [
    errors.length ? plural(errors.length, 'blocking finding') : '',
    warnings.length ? plural(warnings.length, 'warning') : '',
    infos.length ? plural(infos.length, 'note') : '',
  ].filter(Boolean)
  const out = [`**Findings:** ${summary.join(', ')}`]
  const shown = [...errors.slice(0, cuts.errors), ...warnings.slice(0, cuts.warnings)]
  if (shown.length > 0) out.push(shown.map(findingItem).join('\n'))
  const hidden = errors.length - Math.min(errors.length, cuts.errors) + warnings.length - Math.min(warnings.length, cuts.warnings)
  if (hidden > 0) out.push(`_${plural(hidden, 'more error or warning', 'more errors and warnings')} in the job summary and the JSON report._`)
  const notes = infos.slice(0, cuts.infos)
  if (notes.length > 0) {
    // Context, not action: folded when there is something to act on above it.
    const list = notes.map(findingItem).join('\n')
    out.push(shown.length > 0 ? `<details><summary>${plural(notes.length, 'note')}</summary>\n\n${list}\n\n</details>` : list)
  }
  return out.join('\n\n')
}

function actionsBlock(dryRun: boolean, actions: readonly ActionRecord[], more: number): string {
  const title = dryRun ? '**Calls a real run would make** (none was made)' : '**Changes made**'
  const items = actions.map((a) => `1. ${codeSpan(a.description)} (${a.outcome === 'skipped' ? 'would run' : a.outcome})`)
  if (more > 0) items.push(`1. _${plural(more, 'more')} in the JSON report_`)
  return `${title}\n\n${items.join('\n')}`
}

function timelineBlock(events: readonly TimelineEvent[], rows: number): string {
  const shown = events.slice(0, rows)
  const lines = [`<details><summary>Timeline (${plural(events.length, 'event')}, UTC)</summary>`, '', '| Time (UTC) | Event | Source |', '|---|---|---|']
  for (const e of shown) {
    const span = e.end !== undefined ? ` to ${time(e.end)}` : ''
    lines.push(`| ${time(e.at)}${span} | ${cell(e.label)} | ${e.source ?? 'action'} |`)
  }
  if (rows < events.length) lines.push(`| | _${plural(events.length - rows, 'more event')} in the JSON report_ | |`)
  lines.push('', '</details>')
  return lines.join('\n')
}

function truncationNotice(report: Report, cuts: Cuts, full: Cuts): string | undefined {
  const left: string[] = []
  if (cuts.timelineRows < full.timelineRows) left.push(`${cuts.timelineRows === 0 ? 'the timeline' : `${full.timelineRows - cuts.timelineRows} of ${full.timelineRows} timeline events`}`)
  for (const i of [...cuts.omittedSections].sort((a, b) => a - b)) left.push(`the section “${inline(report.sections[i]?.title ?? '')}”`)
  if (cuts.actions < full.actions) left.push(cuts.actions === 0 ? 'the list of changes' : `${full.actions - cuts.actions} of ${plural(full.actions, 'change')}`)
  if (cuts.infos < full.infos) left.push(plural(full.infos - cuts.infos, 'note'))
  const findings = full.warnings - cuts.warnings + full.errors - cuts.errors
  if (findings > 0) left.push(plural(findings, 'error or warning', 'errors and warnings'))
  if (left.length === 0) return undefined
  return `> [!NOTE]\n> Shortened to fit GitHub's comment limit: ${text(left.join(', '))} left out. The job summary and the JSON report (the \`report-path\` output) have everything.`
}

function time(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23)
}

/** Text for a table cell: no line breaks, no column separators, no accidental links. */
export function cell(value: string): string {
  return text(value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>'))
}

function inline(value: string): string {
  return value.replace(/\r?\n/g, ' ')
}

/** Line breaks inside a list item. */
function paragraph(value: string): string {
  return value.trim().replace(/\r?\n/g, '<br>')
}

/**
 * Prose as GitHub shows it, without the links GitHub would add on its own: `#12` would link
 * issue 12 and `@name` would mention a user. A zero-width joiner after the sign keeps the
 * text as it reads (and as a screen reader says it) and breaks the pattern. Code spans are
 * never linked and are made by codeSpan(), not here.
 */
export function text(value: string): string {
  return value.replace(/(^|[^\w`&/])#(\d)/g, '$1#\u2060$2').replace(/(^|[^\w`.@/])@([A-Za-z0-9])/g, '$1@\u2060$2')
}

/**
 * A code span that keeps backticks in the text (SQL identifiers): the fence is one backtick
 * longer than the longest run inside, padded when the text starts or ends with one
 * (CommonMark). For prose and lists, not table cells (a `|` would end the cell).
 */
export function codeSpan(value: string): string {
  const body = inline(value)
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
