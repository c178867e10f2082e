// Prepare's part of the job summary: what was checked (every check, with its result before
// and after the changes), what blue looks like, and what to do next. The findings table and
// the list of changes are rendered by src/report from the Report itself.
import { cell } from '../../report/markdown.js'
import type { ServerState } from '../../checks/blue/server-state.js'
import { memberGroupStatuses, parameterValue, pendingReboot } from '../../rds/parameter-groups.js'
import { binlogGroupOf } from '../../checks/blue/binlog-settings.js'
import type { CheckResult } from './checks.js'
import type { BlueState } from './state.js'

function result(check: CheckResult): string {
  if (check.skipped) return `⏭️ skipped: ${check.skipped}`
  const errors = check.findings.filter((f) => f.level === 'error').length
  const warnings = check.findings.filter((f) => f.level === 'warning').length
  if (errors > 0) return `❌ ${check.findings.filter((f) => f.level === 'error').map((f) => f.code).filter((c, i, all) => all.indexOf(c) === i).join(', ')}`
  if (warnings > 0) return `⚠️ ${warnings} warning${warnings === 1 ? '' : 's'}`
  return '✅ ok'
}

/** One row per check; with `before`, a check that had problems and has none now shows as fixed. */
export function checksTable(after: CheckResult[], before?: CheckResult[]): string {
  const lines = ['| Check | Result |', '|---|---|']
  for (const check of after) {
    const earlier = before?.find((b) => b.id === check.id)
    const fixed = earlier && earlier.findings.some((f) => f.level !== 'info') && !check.findings.some((f) => f.level !== 'info')
    lines.push(`| ${cell(check.title)} | ${fixed ? `🔧 fixed (was ${result(earlier).replace(/^\S+ /, '')})` : result(check)} |`)
  }
  return lines.join('\n')
}

export function sourceTable(state: BlueState, server?: ServerState): string {
  const { db, groups, wanted } = state
  const group = binlogGroupOf(db, groups)
  const rows: [string, string][] = [
    ['Source', `${db.identifier} (${db.kind === 'cluster' ? 'Aurora DB cluster' : 'DB instance'}, ${db.engine} ${db.engineVersion}, ${db.status})`],
    ['Endpoint', `${db.endpoint.host}:${db.endpoint.port}`],
  ]
  if (db.kind === 'instance') rows.push(['Automated backups', `retention ${db.instances[0]?.BackupRetentionPeriod ?? 0} (days)`])
  if (group) rows.push([`binlog_format (${group.name})`, `${parameterValue(group, 'binlog_format') ?? 'unset'} (wanted ${wanted})`])
  if (server) rows.push(['Running server', `log_bin ${server.logBin ? 'ON' : 'OFF'}, binlog_format ${server.binlogFormat}, event_scheduler ${server.eventScheduler}, lower_case_table_names ${server.lowerCaseTableNames}`])
  for (const m of memberGroupStatuses(db)) {
    rows.push([`Member ${m.instance}`, `${m.isWriter ? 'writer' : 'reader'}, groups ${pendingReboot(m) ? 'pending-reboot' : 'in sync'}`])
  }
  return ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`)].join('\n')
}
