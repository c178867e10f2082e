// The probe timeline as a Mermaid gantt chart (GitHub renders Mermaid in job summaries and
// PR comments). Two lanes: what each probe got (ok, read-only, refused, timeout, error) and
// which server answered. Consecutive probes with the same value become one bar, so a calm
// run is a handful of bars whatever its length; a run that flaps more than `maxBars` times
// is cut into `maxBars` equal buckets, each labelled with the set of values seen in it, so
// the chart stays small enough for a PR comment even with thousands of probes.
import { type GanttAxis, ganttAxis, ganttLabel } from '../report/gantt.js'
import { identityKey } from './outages.js'
import type { ProbeOutcome, ProbeRecord } from './types.js'

export const DEFAULT_MAX_BARS = 40

interface Slice {
  from: number
  to: number
  key: string
}

interface Bar {
  from: number
  to: number
  /** Values seen, with how many probes each. */
  counts: Map<string, number>
}

/** Each probe holds its value from its start until the next probe's start (the last one: one interval). */
function slices(records: readonly ProbeRecord[], intervalMs: number, keyOf: (r: ProbeRecord) => string): Slice[] {
  return records.map((r, i) => ({ from: r.startedAt, to: records[i + 1]?.startedAt ?? r.startedAt + intervalMs, key: keyOf(r) }))
}

function sameKeys(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a.keys()].every((k) => b.has(k))
}

function merge(bars: Bar[]): Bar[] {
  const out: Bar[] = []
  for (const bar of bars) {
    const last = out[out.length - 1]
    if (last && sameKeys(last.counts, bar.counts)) {
      last.to = bar.to
      for (const [k, n] of bar.counts) last.counts.set(k, (last.counts.get(k) ?? 0) + n)
    } else {
      out.push({ from: bar.from, to: bar.to, counts: new Map(bar.counts) })
    }
  }
  return out
}

/** Runs of equal values; coarsened into at most `maxBars` buckets when there are more runs than that. */
export function bars(parts: readonly Slice[], maxBars: number): Bar[] {
  const runs = merge(parts.map((s) => ({ from: s.from, to: s.to, counts: new Map([[s.key, 1]]) })))
  if (runs.length <= maxBars || parts.length === 0) return runs
  const start = (parts[0] as Slice).from
  const end = (parts[parts.length - 1] as Slice).to
  const width = (end - start) / maxBars
  const buckets: Bar[] = Array.from({ length: maxBars }, (_, i) => ({
    from: start + i * width,
    to: i === maxBars - 1 ? end : start + (i + 1) * width,
    counts: new Map<string, number>(),
  }))
  for (const s of parts) {
    const bucket = buckets[Math.min(maxBars - 1, Math.floor((s.from - start) / width))] as Bar
    bucket.counts.set(s.key, (bucket.counts.get(s.key) ?? 0) + 1)
  }
  // A bucket in which no probe started (the process stalled) continues the bar before it.
  const filled: Bar[] = []
  for (const b of buckets) {
    const previous = filled[filled.length - 1]
    if (b.counts.size === 0 && previous) previous.to = b.to
    else if (b.counts.size > 0) filled.push(b)
  }
  return merge(filled)
}

const label = ganttLabel

function barLabel(bar: Bar): string {
  const total = [...bar.counts.values()].reduce((a, b) => a + b, 0)
  const keys = [...bar.counts.keys()]
  const name = keys.length === 1 ? (keys[0] as string) : keys.sort().join(' / ')
  return label(`${name} (${total})`)
}

const FAILED: readonly string[] = ['refused', 'timeout', 'error', 'no answer'] satisfies Array<ProbeOutcome | 'no answer'>

function tags(bar: Bar, calm: string): string {
  const keys = [...bar.counts.keys()]
  if (keys.some((k) => FAILED.includes(k))) return 'crit'
  if (keys.length === 1 && keys[0] === calm) return 'done'
  return ''
}

function task(axis: GanttAxis, bar: Bar, calm: string): string {
  const from = axis.at(bar.from)
  const to = Math.max(from + 1, axis.at(bar.to))
  const tag = tags(bar, calm)
  return `    ${barLabel(bar)} :${tag ? `${tag}, ` : ''}${from}, ${to}`
}

export function probeGantt(records: readonly ProbeRecord[], intervalMs: number, maxBars = DEFAULT_MAX_BARS): string {
  const first = records[0]?.startedAt ?? 0
  const last = records[records.length - 1]
  const axis = ganttAxis(first, last ? last.startedAt + intervalMs : first + 1)
  const lines = axis.header(`Endpoint probes every ${intervalMs} ms`)
  if (records.length === 0) return lines.join('\n')
  const outcomeBars = bars(slices(records, intervalMs, (r) => r.outcome), maxBars)
  lines.push('    section Probe outcome', ...outcomeBars.map((b) => task(axis, b, 'ok')))
  const firstServer = records.find((r) => r.server)?.server
  const calmServer = firstServer ? label(identityKey(firstServer)) : ''
  const serverBars = bars(slices(records, intervalMs, (r) => (r.server ? label(identityKey(r.server)) : 'no answer')), maxBars)
  lines.push('    section Answered by', ...serverBars.map((b) => task(axis, b, calmServer)))
  return lines.join('\n')
}
