// From a probe log to report material: the downtime figures, failed probes by kind, the
// read-only window, when the endpoint moved, the slowest probe, the schedule's jitter, and
// a Mermaid timeline. The switchover mode decides the verdict; this only states what the
// probes saw (with an error only when the endpoint never recovered). Definitions of the
// windows and downtimes are in outages.ts.
import type { Metric, ReportSection, TimelineEvent } from '../report/types.js'
import { finding, type Finding } from '../findings/finding.js'
import {
  dnsChanges,
  endpointMoves,
  outageWindows,
  readFailed,
  readOnlyWindow,
  writeFailed,
  type DnsChange,
  type EndpointMove,
  type OutageSummary,
  type OutageWindow,
  type ReadOnlyWindow,
} from './outages.js'
import { probeGantt } from './probe-chart.js'
import { round, spread, type Spread } from './stats.js'
import { PROBE_OUTCOMES, type ProbeLog, type ProbeOutcome, type ProbeRecord } from './types.js'

export interface ProbeAnalysis {
  probes: number
  intervalMs: number
  byOutcome: Record<ProbeOutcome, number>
  /** Error codes/numbers of `error` probes, with counts, e.g. { '1045': 3, HANDSHAKE_NO_SSL_SUPPORT: 1 }. */
  errorCodes: Record<string, number>
  write: OutageSummary
  read: OutageSummary
  readOnly: ReadOnlyWindow | undefined
  /** Changes of the answering server; the first one is when the endpoint moved. */
  moves: EndpointMove[]
  /** Changes of the endpoint name's DNS answer. */
  dns: DnsChange[]
  slowest: { seq: number; latencyMs: number; outcome: ProbeOutcome; at: number } | undefined
  /** Latency of `ok` probes (connect + identity read + heartbeat write). */
  latency: Spread
  /** Actual start minus scheduled start, over all probes. */
  jitter: Spread
  metrics: Metric[]
  timeline: TimelineEvent[]
  findings: Finding[]
  section: ReportSection
  /** Step outputs this analysis fills (names as the switchover mode declares them). */
  outputs: Record<string, string>
}

const MAX_TIMELINE_WINDOWS = 10
const MAX_TABLE_ROWS = 10

function kinds(byOutcome: Partial<Record<ProbeOutcome, number>>): string {
  return PROBE_OUTCOMES.filter((o) => byOutcome[o])
    .map((o) => `${o} ${byOutcome[o]}`)
    .join(', ')
}

function seconds(ms: number): string {
  return `${round(ms / 1000, 1)} s`
}

function errorKey(r: ProbeRecord): string {
  return String(r.error?.errno ?? r.error?.code ?? 'unknown')
}

function windowEvents(what: 'Writes' | 'Reads', windows: OutageWindow[]): TimelineEvent[] {
  const events: TimelineEvent[] = windows.slice(0, MAX_TIMELINE_WINDOWS).map((w) => ({
    at: w.from,
    end: w.to,
    label: `${what} failed for ${round(w.durationMs)} ms (${w.probes} probes: ${kinds(w.byOutcome)})${w.recovered ? '' : ', not recovered'}`,
    source: 'probe',
  }))
  const rest = windows.slice(MAX_TIMELINE_WINDOWS)
  if (rest.length > 0) {
    events.push({
      at: (rest[0] as OutageWindow).from,
      end: (rest[rest.length - 1] as OutageWindow).to,
      label: `${what} failed in ${rest.length} more windows (${round(rest.reduce((s, w) => s + w.durationMs, 0))} ms in all)`,
      source: 'probe',
    })
  }
  return events
}

function windowTable(write: OutageSummary, read: OutageSummary, t0: number): string {
  const rows = [
    ...write.windows.map((w) => ['writes', w] as const),
    ...read.windows.map((w) => ['reads', w] as const),
  ].sort((a, b) => a[1].from - b[1].from)
  if (rows.length === 0) return 'No probe failed.'
  const lines = ['| | from (s) | to (s) | duration | failed probes |', '|---|---:|---:|---:|---|']
  for (const [what, w] of rows.slice(0, MAX_TABLE_ROWS)) {
    const to = `${round((w.to - t0) / 1000, 1)}${w.recovered ? '' : ' (not recovered)'}`
    lines.push(`| ${what} | ${round((w.from - t0) / 1000, 1)} | ${to} | ${round(w.durationMs)} ms | ${w.probes}: ${kinds(w.byOutcome)} |`)
  }
  if (rows.length > MAX_TABLE_ROWS) lines.push(`| ... | | | | ${rows.length - MAX_TABLE_ROWS} more windows |`)
  return lines.join('\n')
}

export function analyzeProbeLog(log: ProbeLog): ProbeAnalysis {
  const { header } = log
  const intervalMs = header.intervalMs
  const records = [...log.records].sort((a, b) => a.seq - b.seq)
  const subject = `${header.endpoint.host}:${header.endpoint.port}`

  const byOutcome = Object.fromEntries(PROBE_OUTCOMES.map((o) => [o, 0])) as Record<ProbeOutcome, number>
  const errorCodes: Record<string, number> = {}
  for (const r of records) {
    byOutcome[r.outcome]++
    if (r.outcome === 'error') errorCodes[errorKey(r)] = (errorCodes[errorKey(r)] ?? 0) + 1
  }
  const write = outageWindows(records, writeFailed, intervalMs)
  const read = outageWindows(records, readFailed, intervalMs)
  const readOnly = readOnlyWindow(records, intervalMs)
  const moves = endpointMoves(records)
  const dns = dnsChanges(records)
  const slowestRecord = records.reduce<ProbeRecord | undefined>((m, r) => (!m || r.latencyMs > m.latencyMs ? r : m), undefined)
  const slowest = slowestRecord
    ? { seq: slowestRecord.seq, latencyMs: slowestRecord.latencyMs, outcome: slowestRecord.outcome, at: slowestRecord.startedAt }
    : undefined
  const latency = spread(records.filter((r) => r.outcome === 'ok').map((r) => r.latencyMs))
  const jitter = spread(records.map((r) => r.startedAt - r.scheduledAt))
  const failed = records.length - byOutcome.ok

  const metrics: Metric[] = [
    { name: 'write-downtime', value: round(write.downtimeMs), unit: 'ms', label: write.recovered ? 'Write downtime' : 'Write downtime (lower bound: never recovered)' },
    { name: 'read-downtime', value: round(read.downtimeMs), unit: 'ms', label: read.recovered ? 'Read downtime' : 'Read downtime (lower bound: never recovered)' },
    { name: 'write-outages', value: write.windows.length, unit: 'count', label: 'Separate write outages' },
    { name: 'longest-write-outage', value: round(write.longestMs), unit: 'ms', label: 'Longest write outage' },
    { name: 'read-only-window', value: round(readOnly?.durationMs ?? 0), unit: 'ms', label: 'Read-only window' },
    { name: 'probe-interval', value: intervalMs, unit: 'ms', label: 'Probe interval' },
    { name: 'probes', value: records.length, unit: 'count', label: 'Probes' },
    { name: 'probes-failed', value: failed, unit: 'count', label: 'Failed probes' },
    ...PROBE_OUTCOMES.filter((o) => o !== 'ok').map<Metric>((o) => ({ name: `probes-${o}`, value: byOutcome[o], unit: 'count', label: `Probes ${o}` })),
  ]
  if (slowest) metrics.push({ name: 'slowest-probe', value: round(slowest.latencyMs), unit: 'ms', label: `Slowest probe (probe ${slowest.seq}, ${slowest.outcome})` })
  if (latency.count > 0) {
    metrics.push(
      { name: 'probe-latency-p50', value: round(latency.p50, 1), unit: 'ms', label: 'Probe latency p50 (ok probes)' },
      { name: 'probe-latency-p99', value: round(latency.p99, 1), unit: 'ms', label: 'Probe latency p99 (ok probes)' },
    )
  }
  if (jitter.count > 0) {
    metrics.push(
      { name: 'probe-jitter-p50', value: round(jitter.p50, 1), unit: 'ms', label: 'Probe start jitter p50' },
      { name: 'probe-jitter-p99', value: round(jitter.p99, 1), unit: 'ms', label: 'Probe start jitter p99' },
      { name: 'probe-jitter-max', value: round(jitter.max, 1), unit: 'ms', label: 'Probe start jitter max' },
    )
  }

  const first = records[0]
  const last = records[records.length - 1]
  const timeline: TimelineEvent[] = []
  if (first && last) {
    timeline.push({ at: first.startedAt, label: `Probing ${subject} every ${intervalMs} ms`, source: 'probe' })
    timeline.push(...windowEvents('Writes', write.windows), ...windowEvents('Reads', read.windows))
    if (readOnly) {
      timeline.push({ at: readOnly.from, end: readOnly.to, label: `Endpoint read-only (${readOnly.probes} probes refused the write with 1290/1836)`, source: 'probe' })
    }
    for (const m of moves.slice(0, MAX_TIMELINE_WINDOWS)) {
      timeline.push({ at: m.at, label: `Endpoint answered by ${m.to} (was ${m.from})`, source: 'probe' })
    }
    for (const c of dns.slice(0, MAX_TIMELINE_WINDOWS)) {
      timeline.push({ at: c.at, label: `DNS answer for ${header.endpoint.host} changed to ${c.to.join(', ')} (was ${c.from.join(', ')})`, source: 'probe' })
    }
    timeline.push({ at: log.stoppedAt, label: `Probing stopped after ${records.length} probes`, source: 'probe' })
    timeline.sort((a, b) => a.at - b.at)
  }

  const findings: Finding[] = []
  if (!first) {
    findings.push(finding({
      code: 'PROBE_NO_PROBES',
      subject,
      message: 'The prober ran no probe, so the interruption was not measured.',
    }))
  } else {
    findings.push(finding({
      code: 'PROBE_INTERRUPTION',
      subject,
      message:
        failed === 0
          ? `All ${records.length} probes (every ${intervalMs} ms) connected, read and wrote: no interruption seen at this resolution.`
          : `Writes failed for ${round(write.downtimeMs)} ms and reads for ${round(read.downtimeMs)} ms ` +
            `(${failed} of ${records.length} probes every ${intervalMs} ms failed: ${kinds(byOutcome)}).`,
    }))
  }
  if (!write.recovered) {
    const w = write.windows[write.windows.length - 1] as OutageWindow
    findings.push(finding({
      code: 'PROBE_WRITES_NOT_RECOVERED',
      subject,
      message: `Writes were still failing when probing stopped: the last ${w.probes} probes failed (${kinds(w.byOutcome)}) for at least ${seconds(w.durationMs)}.`,
    }))
  }
  if (!read.recovered) {
    const w = read.windows[read.windows.length - 1] as OutageWindow
    findings.push(finding({
      code: 'PROBE_READS_NOT_RECOVERED',
      subject,
      message: `Connections were still failing when probing stopped: the last ${w.probes} probes got no answer (${kinds(w.byOutcome)}) for at least ${seconds(w.durationMs)}.`,
    }))
  }
  if (byOutcome.error > 0) {
    const codes = Object.entries(errorCodes).map(([code, n]) => `${code} x${n}`).join(', ')
    findings.push(finding({
      code: 'PROBE_UNEXPECTED_ERRORS',
      subject,
      message: `${byOutcome.error} probes failed with errors other than read-only, refused or timeout: ${codes}.`,
    }))
  }
  if (readOnly) {
    findings.push(finding({
      code: 'PROBE_READ_ONLY_WINDOW',
      subject,
      message: `The endpoint was read-only for ${round(readOnly.durationMs)} ms (${readOnly.probes} probes, ${readOnly.firstSeq} to ${readOnly.lastSeq}): applications writing then got error 1290.`,
    }))
  }
  const firstMove = moves[0]
  if (firstMove) {
    findings.push(finding({
      code: 'PROBE_ENDPOINT_MOVED',
      subject,
      message:
        `The endpoint moved from ${firstMove.from} to ${firstMove.to}: last answer from the old server at probe ${firstMove.lastFromSeq}, ` +
        `first from the new one at probe ${firstMove.seq}, ${round(firstMove.at - firstMove.lastFromAt)} ms later` +
        (moves.length > 1 ? `; the answering server changed ${moves.length} times in all.` : '.'),
    }))
  }
  const firstDns = dns[0]
  if (firstDns) {
    findings.push(finding({
      code: 'PROBE_DNS_CHANGED',
      subject,
      message:
        `${header.endpoint.host} resolved to ${firstDns.to.join(', ')} from probe #${firstDns.seq} on (before: ${firstDns.from.join(', ')})` +
        (dns.length > 1 ? `; the answer changed ${dns.length} times in all.` : '.') +
        ' Clients that cache DNS longer than the record allows keep reaching the old address.',
    }))
  }
  if (jitter.count > 0 && jitter.max > intervalMs) {
    findings.push(finding({
      code: 'PROBE_SCHEDULE_LATE',
      subject,
      message: `Some probes started up to ${round(jitter.max)} ms late (p99 ${round(jitter.p99, 1)} ms), more than the ${intervalMs} ms interval: the figures are coarser than the interval.`,
    }))
  }

  const t0 = first?.startedAt ?? header.firstScheduledAt
  const markdown = [
    '```mermaid',
    probeGantt(records, intervalMs),
    '```',
    '',
    `Probes of \`${subject}\` every ${intervalMs} ms from ${new Date(t0).toISOString()} (times below in seconds since then).`,
    '',
    windowTable(write, read, t0),
  ].join('\n')

  return {
    probes: records.length,
    intervalMs,
    byOutcome,
    errorCodes,
    write,
    read,
    readOnly,
    moves,
    dns,
    slowest,
    latency,
    jitter,
    metrics,
    timeline,
    findings,
    section: { title: 'Endpoint probes', markdown },
    outputs: { 'write-downtime-ms': String(round(write.downtimeMs)), 'read-downtime-ms': String(round(read.downtimeMs)) },
  }
}
