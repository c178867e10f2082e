// The last line of the log: the verdict with the figures an operator looks for first, so the
// end of a collapsed log (and the notice on the run page) says how the stage went without
// opening the summary.
import { formatMetric } from './markdown.js'
import type { Report } from './types.js'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/** The figures worth a glance, from the outputs the mode set. */
export function keyFigures(report: Report): string[] {
  const o = report.outputs
  const figures: string[] = []
  if (o['deployment-id']) figures.push(`deployment ${o['deployment-id']}${o.status ? ` ${o.status}` : ''}`)
  if (o['replica-lag-ms'] !== undefined) figures.push(`replica lag ${formatMetric({ value: Number(o['replica-lag-ms']), unit: 'ms' })}`)
  if (o['write-downtime-ms'] !== undefined) figures.push(`writes interrupted ${formatMetric({ value: Number(o['write-downtime-ms']), unit: 'ms' })}`)
  if (o['read-downtime-ms'] !== undefined) figures.push(`reads interrupted ${formatMetric({ value: Number(o['read-downtime-ms']), unit: 'ms' })}`)
  if (o['lost-writes'] !== undefined) figures.push(plural(Number(o['lost-writes']), 'lost write'))
  const errors = report.findings.filter((f) => f.level === 'error').length
  const warnings = report.findings.filter((f) => f.level === 'warning').length
  figures.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}`)
  figures.push(`${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s`)
  return figures
}

/**
 * `rds-blue-green verify: ✅ orders: green is ready ... · deployment bgd-x AVAILABLE · replica lag 12 ms · 0 errors, 1 warning · 5.2 s`.
 * `failure`: why the step fails, when it does (a verdict that is ok can still fail the step
 * with fail-on: warning, and the line must not show a tick then).
 */
export function verdictLine(report: Report, failure?: string): string {
  const mark = failure === undefined ? '✅' : '❌'
  const dry = report.dryRun ? ' (dry run)' : ''
  const why = failure !== undefined && report.verdict.ok ? ` (step failed: ${failure})` : ''
  return `rds-blue-green ${report.mode}${dry}: ${mark} ${report.verdict.headline}${why} · ${keyFigures(report).join(' · ')}`.replace(/\s*\n\s*/g, ' ')
}
