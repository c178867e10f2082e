// The prober's state changes, logged as they happen: the first failed probe, each change of
// failure (read-only, refused, timeout, error), the recovery, and a new server answering. A
// switchover lasts seconds to minutes; the operator watching the log sees the endpoint's
// state move while it moves, not only in the report afterwards. Records arrive in the order
// probes end; one that ends after a later probe already ended is left to the analysis.
import { identityKey } from '../../probe/outages.js'
import type { ProbeRecord } from '../../probe/types.js'

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 23)} UTC`
}

/** What one probe got, in words. */
export function probeState(r: ProbeRecord): string {
  const error = r.error ? (r.error.errno !== undefined && r.error.errno > 0 ? `${r.error.errno}` : (r.error.code ?? r.error.message)) : ''
  switch (r.outcome) {
    case 'ok':
      return `ok: connected, read and wrote${r.server ? ` on ${identityKey(r.server)}` : ''}`
    case 'read-only':
      return `writes refused, read-only${error ? ` (${error})` : ''}${r.server ? ` on ${identityKey(r.server)}` : ''}`
    case 'refused':
      return `connection refused${error ? ` (${error})` : ''} at ${r.phase}`
    case 'timeout':
      return `timed out at ${r.phase}`
    default:
      return `failed at ${r.phase}${error ? `: ${error}` : ''}${r.error?.message && error !== r.error.message ? ` ${r.error.message}` : ''}`
  }
}

/** An observer for the prober's onProbe that logs each change of state once. */
export function probeStateLogger(log: (line: string) => void): (record: ProbeRecord) => void {
  let lastSeq = 0
  let last: { outcome: string; server: string } | undefined
  let failingSince: ProbeRecord | undefined
  return (r) => {
    if (r.seq <= lastSeq) return
    lastSeq = r.seq
    const server = r.server ? identityKey(r.server) : ''
    const at = `probe ${r.seq} at ${utc(r.startedAt)}`
    if (!last) {
      log(`${at}: ${probeState(r)}`)
    } else if (r.outcome === 'ok' && last.outcome !== 'ok') {
      const since = failingSince ? ` after ${((r.startedAt - failingSince.startedAt) / 1000).toFixed(1)} s of failed writes` : ''
      log(`${at}: recovered${since}: ${probeState(r)}`)
      failingSince = undefined
    } else if (r.outcome !== 'ok' && last.outcome === 'ok') {
      failingSince = r
      log(`${at}: first failure: ${probeState(r)}`)
    } else if (r.outcome !== last.outcome) {
      log(`${at}: ${probeState(r)}`)
    } else if (server !== '' && last.server !== '' && server !== last.server) {
      log(`${at}: now answered by ${server} (was ${last.server})`)
    }
    last = { outcome: r.outcome, server: server || last?.server || '' }
  }
}
