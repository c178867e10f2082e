// create's sections of the job summary: the deployment and its tasks, green's members, the
// RDS events when something failed.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { RdsEvent } from '../../rds/events.js'
import type { Green } from '../../rds/green.js'
import { memberGroupStatuses, pendingReboot } from '../../rds/parameter-groups.js'
import { cell } from '../../report/markdown.js'

export function deploymentTable(d: BlueGreenDeployment): string {
  const rows: [string, string][] = [
    ['Deployment', `${d.BlueGreenDeploymentName ?? ''} (${d.BlueGreenDeploymentIdentifier ?? ''})`],
    ['Status', `${d.Status ?? 'unknown'}${d.StatusDetails ? `: ${d.StatusDetails}` : ''}`],
    ['Blue', d.Source ?? ''],
    ['Green', d.Target ?? ''],
  ]
  const lines = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)]
  const tasks = d.Tasks ?? []
  if (tasks.length > 0) {
    lines.push('', '| Task | Status |', '|---|---|', ...tasks.map((t) => `| ${cell(t.Name ?? '')} | ${t.Status === 'COMPLETED' ? '✅' : t.Status === 'FAILED' ? '❌' : '⏳'} ${t.Status ?? ''} |`))
  }
  return lines.join('\n')
}

export function greenTable(green: Green, rebooted: string[]): string {
  const statuses = memberGroupStatuses(green)
  const lines = ['| Green member | Status | Parameter groups | Action |', '|---|---|---|---|']
  for (const i of green.instances) {
    const id = i.DBInstanceIdentifier ?? ''
    const s = statuses.find((m) => m.instance === id)
    lines.push(`| ${cell(id)} | ${i.DBInstanceStatus ?? ''} | ${s && pendingReboot(s) ? 'pending-reboot' : 'in sync'} | ${rebooted.includes(id) ? 'rebooted (pending-reboot)' : ''} |`)
  }
  if (green.endpoint) lines.push('', `Green endpoint: \`${green.endpoint.host}:${green.endpoint.port}\``)
  return lines.join('\n')
}

export function eventsTable(events: RdsEvent[]): string {
  if (events.length === 0) return 'No RDS events in the window.'
  return [
    '| Time (UTC) | Source | Message |',
    '|---|---|---|',
    ...events.map((e) => `| ${new Date(e.at).toISOString().replace('T', ' ').slice(0, 19)} | ${cell(`${e.sourceType} ${e.source}`)} | ${cell(e.message)} |`),
  ].join('\n')
}
