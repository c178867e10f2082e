// The switchover as one Mermaid gantt chart (GitHub renders it in the job summary and the
// PR comment): what RDS reported (status as polled), what the databases said
// (mysql.rds_topology), and what clients saw through the endpoint (read-only window,
// write and read outages), on one time axis. The probe-by-probe chart is its own section.
import type { OutageWindow, ReadOnlyWindow } from '../../probe/index.js'
import { type GanttAxis, ganttAxis, ganttLabel } from '../../report/gantt.js'

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

function bar(axis: GanttAxis, name: string, tag: string, from: number, to: number): string {
  const start = axis.at(from)
  return `    ${ganttLabel(name)} :${tag ? `${tag}, ` : ''}${start}, ${Math.max(start + 1, axis.at(to))}`
}

function phaseBars(axis: GanttAxis, phases: Phase[], end: number, tagOf: (label: string) => string): string[] {
  return phases.slice(0, MAX_BARS).map((p, i) => bar(axis, p.label, tagOf(p.label), p.at, phases[i + 1]?.at ?? end))
}

/** Failed red, ended grey, under way plain (gantt.ts: Mermaid's `active` text is not legible everywhere). */
const statusTag = (s: string): string => (s.includes('FAILED') ? 'crit' : s.includes('COMPLETED') || s === 'AVAILABLE' ? 'done' : '')

export function switchoverGantt(input: SwitchoverChartInput): string {
  const starts = [...input.statuses, ...input.topology].map((p) => p.at)
  if (input.readOnly) starts.push(input.readOnly.from)
  for (const w of [...input.writeWindows, ...input.readWindows]) starts.push(w.from)
  const axis = ganttAxis(Math.min(input.end, ...starts), input.end)
  const lines = axis.header(input.title)
  if (input.statuses.length > 0) lines.push('    section RDS status', ...phaseBars(axis, input.statuses, input.end, statusTag))
  if (input.topology.length > 0) lines.push('    section rds_topology', ...phaseBars(axis, input.topology, input.end, statusTag))
  const endpoint: string[] = []
  if (input.readOnly) endpoint.push(bar(axis, `Read-only, writes refused (${input.readOnly.probes} probes)`, '', input.readOnly.from, input.readOnly.to))
  for (const w of input.writeWindows.slice(0, MAX_BARS)) endpoint.push(bar(axis, `Writes failed ${Math.round(w.durationMs)} ms`, 'crit', w.from, w.to))
  for (const w of input.readWindows.slice(0, MAX_BARS)) endpoint.push(bar(axis, `Reads failed ${Math.round(w.durationMs)} ms`, 'crit', w.from, w.to))
  if (endpoint.length > 0) lines.push('    section Endpoint', ...endpoint)
  return lines.join('\n')
}
