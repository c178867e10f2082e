// Outage windows and endpoint changes, read off a run's records (sorted by seq).
//
// Definitions (all at probe resolution; times are probes' actual start times):
// - An outage window is a maximal run of consecutive failed probes. It lasts from the start
//   of its first failed probe to the start of the first successful probe after it.
//   A true interruption [a, b) is therefore measured within one interval (plus schedule
//   jitter) of b - a: its first failure starts in [a, a + interval) and its first success
//   in [b, b + interval).
// - A window that is still open at the last probe (the run never recovered) lasts until the
//   last probe's start plus one interval: the earliest moment a success could have been
//   seen. Its duration is a lower bound and it is marked `recovered: false`.
// - Downtime is the sum of all windows' durations (with the longest one reported apart):
//   a summed figure is not inflated by a lone blip long before the switchover, as a
//   "first failure to last recovery" span would be.
// - Write failure: any outcome but `ok`. Read failure: the identity query did not answer
//   (no server identity), so read-only and write-phase failures still count as reads served.
import type { DnsAnswer, ProbeOutcome, ProbeRecord, ServerIdentity } from './types.js'

export interface OutageWindow {
  /** Start of the first failed probe. */
  from: number
  /** Start of the first successful probe after it; last probe's start + interval when never recovered. */
  to: number
  durationMs: number
  firstSeq: number
  /** The last failed probe of the window. */
  lastSeq: number
  probes: number
  byOutcome: Partial<Record<ProbeOutcome, number>>
  recovered: boolean
}

export interface OutageSummary {
  /** Sum of the windows' durations. */
  downtimeMs: number
  longestMs: number
  windows: OutageWindow[]
  /** False when the last probe failed (the last window is open). */
  recovered: boolean
}

export function outageWindows(
  records: readonly ProbeRecord[],
  failed: (record: ProbeRecord) => boolean,
  intervalMs: number,
): OutageSummary {
  const windows: OutageWindow[] = []
  let open: OutageWindow | undefined
  for (const r of records) {
    if (failed(r)) {
      open ??= { from: r.startedAt, to: r.startedAt, durationMs: 0, firstSeq: r.seq, lastSeq: r.seq, probes: 0, byOutcome: {}, recovered: false }
      open.lastSeq = r.seq
      open.probes++
      open.byOutcome[r.outcome] = (open.byOutcome[r.outcome] ?? 0) + 1
    } else if (open) {
      open.to = r.startedAt
      open.recovered = true
      open.durationMs = open.to - open.from
      windows.push(open)
      open = undefined
    }
  }
  if (open) {
    const last = records[records.length - 1] as ProbeRecord
    open.to = last.startedAt + intervalMs
    open.durationMs = open.to - open.from
    windows.push(open)
  }
  return {
    downtimeMs: windows.reduce((sum, w) => sum + w.durationMs, 0),
    longestMs: windows.reduce((max, w) => Math.max(max, w.durationMs), 0),
    windows,
    recovered: open === undefined,
  }
}

export const writeFailed = (r: ProbeRecord): boolean => r.outcome !== 'ok'
export const readFailed = (r: ProbeRecord): boolean => r.server === undefined

/** Aurora's instance identifier where there is one; otherwise server_id and hostname together. */
export function identityKey(s: ServerIdentity): string {
  return s.auroraServerId ?? `server_id ${s.serverId} on ${s.hostname}`
}

export interface EndpointMove {
  /** Start of the first probe answered by the new server. */
  at: number
  seq: number
  from: string
  to: string
  /** Start of the last probe answered by the previous server. */
  lastFromAt: number
  lastFromSeq: number
}

/** Every change of the answering server between consecutive probes that read an identity. */
export function endpointMoves(records: readonly ProbeRecord[]): EndpointMove[] {
  const moves: EndpointMove[] = []
  let previous: ProbeRecord | undefined
  for (const r of records) {
    if (!r.server) continue
    if (previous?.server && identityKey(previous.server) !== identityKey(r.server)) {
      moves.push({
        at: r.startedAt,
        seq: r.seq,
        from: identityKey(previous.server),
        to: identityKey(r.server),
        lastFromAt: previous.startedAt,
        lastFromSeq: previous.seq,
      })
    }
    previous = r
  }
  return moves
}

export interface DnsChange {
  at: number
  seq: number
  from: string[]
  to: string[]
}

const answered = (d: DnsAnswer | undefined): d is DnsAnswer => d !== undefined && d.error === undefined && d.addresses.length > 0

/** Every change of the endpoint name's answer between consecutive probes whose lookup answered. */
export function dnsChanges(records: readonly ProbeRecord[]): DnsChange[] {
  const changes: DnsChange[] = []
  let previous: string[] | undefined
  for (const r of records) {
    if (!answered(r.dns)) continue
    if (previous && previous.join(',') !== r.dns.addresses.join(',')) {
      changes.push({ at: r.startedAt, seq: r.seq, from: previous, to: r.dns.addresses })
    }
    previous = r.dns.addresses
  }
  return changes
}

export interface ReadOnlyWindow {
  /** Start of the first read-only probe. */
  from: number
  /** Start of the probe after the last read-only one (or that probe's start + interval when it was the last). */
  to: number
  durationMs: number
  firstSeq: number
  lastSeq: number
  /** Read-only probes in the window (other outcomes in between are not counted). */
  probes: number
}

export function readOnlyWindow(records: readonly ProbeRecord[], intervalMs: number): ReadOnlyWindow | undefined {
  const firstIndex = records.findIndex((r) => r.outcome === 'read-only')
  if (firstIndex < 0) return undefined
  let lastIndex = firstIndex
  let probes = 0
  records.forEach((r, i) => {
    if (r.outcome === 'read-only') {
      lastIndex = i
      probes++
    }
  })
  const first = records[firstIndex] as ProbeRecord
  const last = records[lastIndex] as ProbeRecord
  const to = records[lastIndex + 1]?.startedAt ?? last.startedAt + intervalMs
  return { from: first.startedAt, to, durationMs: to - first.startedAt, firstSeq: first.seq, lastSeq: last.seq, probes }
}
