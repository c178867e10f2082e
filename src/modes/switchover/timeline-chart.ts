// The switchover as one Mermaid gantt chart (GitHub renders it in the job summary and the
// PR comment): what RDS reported (status as polled), what the databases said
// (mysql.rds_topology), and what clients saw through the endpoint (read-only window,
// write and read outages), on one time axis. The probe-by-probe chart is its own section.
import type { OutageWindow, ReadOnlyWindow } from '../../probe/index.js'

export interface Phase {
  at: number
  label: string
}

export interface SwitchoverChartInput {
  title: string
  /** RDS status as polled, from the switchover call on. */
  statuses: Phase[]
  /** mysql.rds_topology phases, when readable. */
  topology: Phase[]
  readOnly?: ReadOnlyWindow
  writeWindows: OutageWindow[]
  readWindows: OutageWindow[]
  /** Where the last bar of each lane ends (probing stopped). */
  end: number
}

const MAX_BARS = 12

/** Mermaid task names must not contain `:` `;` `#`. */
function label(text: string): string {
  return text.replace(/[^A-Za-z0-9 _.,()/+>-]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)
}

function bar(name: string, tag: string, from: number, to: number): string {
  const start = Math.round(from)
  return `    ${label(name)} :${tag}, ${start}, ${Math.max(start + 1, Math.round(to))}`
}

function phaseBars(phases: Phase[], end: number, tagOf: (label: string) => string): string[] {
  return phases.slice(0, MAX_BARS).map((p, i) => bar(p.label, tagOf(p.label), p.at, phases[i + 1]?.at ?? end))
}

const statusTag = (s: string): string => (s.includes('FAILED') ? 'crit' : s.includes('COMPLETED') || s === 'AVAILABLE' ? 'done' : 'active')

export function switchoverGantt(input: SwitchoverChartInput): string {
  const lines = ['gantt', `    title ${label(input.title)}`, '    dateFormat x', '    axisFormat %H:%M:%S', '    todayMarker off']
  if (input.statuses.length > 0) lines.push('    section RDS status', ...phaseBars(input.statuses, input.end, statusTag))
  if (input.topology.length > 0) lines.push('    section rds_topology', ...phaseBars(input.topology, input.end, statusTag))
  const endpoint: string[] = []
  if (input.readOnly) endpoint.push(bar(`Read-only, writes refused (${input.readOnly.probes} probes)`, 'active', input.readOnly.from, input.readOnly.to))
  for (const w of input.writeWindows.slice(0, MAX_BARS)) endpoint.push(bar(`Writes failed ${Math.round(w.durationMs)} ms`, 'crit', w.from, w.to))
  for (const w of input.readWindows.slice(0, MAX_BARS)) endpoint.push(bar(`Reads failed ${Math.round(w.durationMs)} ms`, 'crit', w.from, w.to))
  if (endpoint.length > 0) lines.push('    section Endpoint', ...endpoint)
  return lines.join('\n')
}
