// Analysis on synthetic probe logs: shapes that a real run produces only by luck (a run
// that never recovers, several windows, thousands of flapping probes) are written out here.
import { describe, expect, it } from '@jest/globals'
import { analyzeProbeLog } from '../../src/probe/analyze.js'
import type { ProbeLog, ProbeOutcome, ProbeRecord, ServerIdentity } from '../../src/probe/types.js'

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0)
const A: ServerIdentity = { serverId: 101, hostname: 'ip-10-0-0-1', readOnly: false, version: '8.0.40' }
const B: ServerIdentity = { serverId: 202, hostname: 'ip-10-0-0-2', readOnly: false, version: '8.0.40' }

interface Shape {
  outcome: ProbeOutcome
  server?: ServerIdentity | undefined
  jitter?: number
  latency?: number
  dns?: string[]
}

/** Probes every `interval` ms from T0; a compact string form: o=ok r=read-only x=refused t=timeout e=error. */
function log(shapes: Shape[], interval = 100): ProbeLog {
  const records: ProbeRecord[] = shapes.map((s, i) => {
    const scheduledAt = T0 + i * interval
    const startedAt = scheduledAt + (s.jitter ?? 0.5)
    const latency = s.latency ?? (s.outcome === 'timeout' ? interval * 0.9 : 4)
    const readServed = s.outcome === 'ok' || s.outcome === 'read-only'
    const r: ProbeRecord = {
      seq: i + 1,
      scheduledAt,
      startedAt,
      endedAt: startedAt + latency,
      latencyMs: latency,
      phase: readServed ? 'write' : 'connect',
      outcome: s.outcome,
      acknowledged: s.outcome === 'ok',
    }
    const server = 'server' in s ? s.server : readServed ? A : undefined
    if (server) r.server = { ...server, readOnly: s.outcome === 'read-only' }
    if (s.dns) r.dns = { addresses: s.dns, ms: 1 }
    if (s.outcome === 'read-only') r.error = { code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290, message: 'read-only' }
    if (s.outcome === 'refused') r.error = { code: 'ECONNREFUSED', errno: -111, message: 'refused' }
    if (s.outcome === 'error') r.error = { code: 'ER_ACCESS_DENIED_ERROR', errno: 1045, message: 'denied' }
    return r
  })
  const last = records[records.length - 1]
  return {
    header: {
      format: 'rds-blue-green-probe-log',
      version: 1,
      endpoint: { host: 'db.example.com', port: 3306 },
      tls: true,
      intervalMs: interval,
      connectTimeoutMs: interval * 0.9,
      queryTimeoutMs: interval * 0.9,
      heartbeatTable: 'rds_blue_green.heartbeat',
      token: 'run-1',
      firstScheduledAt: T0,
    },
    records,
    stoppedAt: last ? last.scheduledAt + interval : T0,
  }
}

const CODES: Record<string, ProbeOutcome> = { o: 'ok', r: 'read-only', x: 'refused', t: 'timeout', e: 'error' }
function shapes(pattern: string, server?: ServerIdentity): Shape[] {
  return [...pattern].map((c) => {
    const outcome = CODES[c]
    if (!outcome) throw new Error(`bad pattern letter ${c}`)
    return server && (outcome === 'ok' || outcome === 'read-only') ? { outcome, server } : { outcome }
  })
}

const metric = (a: ReturnType<typeof analyzeProbeLog>, name: string) => a.metrics.find((m) => m.name === name)?.value

describe('probe log analysis', () => {
  it('a run without failures: zero downtime, no windows, no error findings', () => {
    const a = analyzeProbeLog(log(shapes('oooooooooo')))
    expect(a.write).toEqual({ downtimeMs: 0, longestMs: 0, windows: [], recovered: true })
    expect(a.read.downtimeMs).toBe(0)
    expect(a.readOnly).toBeUndefined()
    expect(a.moves).toEqual([])
    expect(a.outputs).toEqual({ 'write-downtime-ms': '0', 'read-downtime-ms': '0' })
    expect(a.findings.filter((f) => f.level !== 'info')).toEqual([])
    expect(a.findings.map((f) => f.code)).toEqual(['PROBE_INTERRUPTION'])
    expect(a.section.markdown).toContain('No probe failed.')
  })

  it('one window: first failure to first success after it, at probe resolution', () => {
    // probes 4..8 fail (5 probes): window from probe 4's start to probe 9's start = 500 ms
    const a = analyzeProbeLog(log(shapes('oooxxxttoooo')))
    expect(a.write.windows).toHaveLength(1)
    expect(a.write.windows[0]).toMatchObject({ firstSeq: 4, lastSeq: 8, probes: 5, durationMs: 500, recovered: true, byOutcome: { refused: 3, timeout: 2 } })
    expect(a.write.downtimeMs).toBe(500)
    expect(a.read.downtimeMs).toBe(500)
    expect(a.byOutcome).toEqual({ ok: 7, 'read-only': 0, refused: 3, timeout: 2, error: 0 })
  })

  it('several windows: downtime is their sum, the longest is reported apart, reads exclude the read-only ones', () => {
    //                       rr: 200 ms     xxx: 300 ms  t: 100 ms
    const a = analyzeProbeLog(log(shapes('oorroooxxxoooooto')))
    expect(a.write.windows.map((w) => [w.firstSeq, w.durationMs])).toEqual([
      [3, 200],
      [8, 300],
      [16, 100],
    ])
    expect(a.write.downtimeMs).toBe(600)
    expect(a.write.longestMs).toBe(300)
    expect(a.read.windows.map((w) => [w.firstSeq, w.durationMs])).toEqual([
      [8, 300],
      [16, 100],
    ])
    expect(a.read.downtimeMs).toBe(400)
    expect(metric(a, 'write-outages')).toBe(3)
    expect(a.readOnly).toMatchObject({ firstSeq: 3, lastSeq: 4, probes: 2, durationMs: 200 })
  })

  it('uses actual start times, so a late probe moves the window edge by its lateness', () => {
    const s = shapes('ooxxoo')
    ;(s[2] as Shape).jitter = 30 // the first failure started 30 ms late
    ;(s[4] as Shape).jitter = 10 // the first success after it 10 ms late
    const a = analyzeProbeLog(log(s))
    expect(a.write.windows[0]?.durationMs).toBeCloseTo(200 - 30 + 10, 6)
    expect(a.jitter.max).toBe(30)
  })

  it('a run that never recovers: the open window lasts to the last probe plus one interval, flagged as a lower bound', () => {
    const a = analyzeProbeLog(log(shapes('oooorrrrxxxx')))
    expect(a.write.recovered).toBe(false)
    expect(a.write.windows).toHaveLength(1)
    // from probe 5 (400 ms) to probe 12's start (1100 ms) + 100 ms
    expect(a.write.windows[0]).toMatchObject({ firstSeq: 5, lastSeq: 12, durationMs: 800, recovered: false })
    expect(a.read.windows[0]).toMatchObject({ firstSeq: 9, durationMs: 400, recovered: false })
    const codes = a.findings.filter((f) => f.level === 'error').map((f) => f.code)
    expect(codes).toEqual(['PROBE_WRITES_NOT_RECOVERED', 'PROBE_READS_NOT_RECOVERED'])
    expect(a.metrics.find((m) => m.name === 'write-downtime')?.label).toMatch(/lower bound/)
    expect(a.section.markdown).toContain('(not recovered)')
  })

  it('a run that failed from its first probe to its last', () => {
    const a = analyzeProbeLog(log(shapes('xxxxx')))
    expect(a.write.windows[0]).toMatchObject({ firstSeq: 1, lastSeq: 5, durationMs: 500, recovered: false })
    expect(a.latency.count).toBe(0)
    expect(a.moves).toEqual([])
  })

  it('an empty log: no figures invented, a warning that nothing was measured', () => {
    const a = analyzeProbeLog(log([]))
    expect(a.probes).toBe(0)
    expect(a.write.downtimeMs).toBe(0)
    expect(a.findings.map((f) => [f.level, f.code])).toEqual([['warning', 'PROBE_NO_PROBES']])
    expect(a.timeline).toEqual([])
  })

  it('finds when the endpoint moved to another server, and when its DNS answer changed', () => {
    const s: Shape[] = [
      ...shapes('ooo', A).map((x) => ({ ...x, dns: ['10.0.0.1'] })),
      ...shapes('rr', A).map((x) => ({ ...x, dns: ['10.0.0.1'] })),
      ...shapes('xx').map((x) => ({ ...x, dns: ['10.0.0.2'] })),
      ...shapes('oooo', B).map((x) => ({ ...x, dns: ['10.0.0.2'] })),
    ]
    const a = analyzeProbeLog(log(s))
    expect(a.moves).toEqual([
      expect.objectContaining({ seq: 8, lastFromSeq: 5, from: 'server_id 101 on ip-10-0-0-1', to: 'server_id 202 on ip-10-0-0-2' }),
    ])
    expect(a.moves[0]?.at).toBe(T0 + 700.5)
    expect(a.dns).toEqual([{ at: T0 + 500.5, seq: 6, from: ['10.0.0.1'], to: ['10.0.0.2'] }])
    expect(a.findings.find((f) => f.code === 'PROBE_ENDPOINT_MOVED')?.message).toMatch(/probe 5, first from the new one at probe 8, 300 ms later/)
    expect(a.findings.find((f) => f.code === 'PROBE_DNS_CHANGED')?.message).toMatch(/resolved to 10.0.0.2 from probe #6 on \(before: 10.0.0.1\)\./)
    expect(a.timeline.map((e) => e.label)).toEqual(
      expect.arrayContaining([expect.stringMatching(/answered by server_id 202/), expect.stringMatching(/DNS answer .* changed to 10.0.0.2/)]),
    )
  })

  it('prefers the Aurora instance identifier as the server identity', () => {
    const writer = { ...A, auroraServerId: 'db-blue-1' }
    const green = { ...A, auroraServerId: 'db-green-1' } // same server_id and hostname: only aurora_server_id tells them apart
    const a = analyzeProbeLog(log([...shapes('oo', writer), ...shapes('oo', green)]))
    expect(a.moves.map((m) => [m.from, m.to])).toEqual([['db-blue-1', 'db-green-1']])
  })

  it('reports the slowest probe, latency of ok probes, jitter percentiles, and unexpected errors by number', () => {
    const s = shapes('ooooeoooto')
    ;(s[2] as Shape).latency = 42
    ;(s[6] as Shape).jitter = 7
    const a = analyzeProbeLog(log(s))
    expect(a.slowest).toMatchObject({ seq: 9, outcome: 'timeout', latencyMs: 90 })
    expect(a.latency.max).toBe(42)
    expect(a.jitter).toEqual({ count: 10, p50: 0.5, p99: 7, max: 7 })
    expect(a.errorCodes).toEqual({ '1045': 1 })
    expect(a.findings.find((f) => f.code === 'PROBE_UNEXPECTED_ERRORS')).toMatchObject({ level: 'warning', message: expect.stringContaining('1045 x1') })
  })

  it('warns when probes started later than one interval (the figures are coarser than promised)', () => {
    const s = shapes('oooo')
    ;(s[1] as Shape).jitter = 140
    expect(analyzeProbeLog(log(s)).findings.map((f) => f.code)).toContain('PROBE_SCHEDULE_LATE')
    expect(analyzeProbeLog(log(shapes('oooo'))).findings.map((f) => f.code)).not.toContain('PROBE_SCHEDULE_LATE')
  })

  describe('Mermaid timeline', () => {
    const taskLines = (md: string, section: string) => {
      const lines = md.split('\n')
      const start = lines.findIndex((l) => l.trim() === `section ${section}`)
      const rest = lines.slice(start + 1)
      const end = rest.findIndex((l) => !/^\s{4}\S.* :/.test(l))
      return rest.slice(0, end < 0 ? rest.length : end)
    }

    it('merges runs of the same outcome into bars with ms timestamps, failures marked crit', () => {
      const a = analyzeProbeLog(log([...shapes('ooorr', A), ...shapes('xx'), ...shapes('ooo', B)]))
      const md = a.section.markdown
      expect(md).toMatch(/^```mermaid\n%%\{init: \{"theme":"base",.*\}%%\ngantt\n/)
      expect(md).toContain('dateFormat x')
      // Milliseconds from the first probe: the axis counts seconds from the start (no time zone).
      expect(md).toContain('axisFormat %s')
      expect(taskLines(md, 'Probe outcome')).toEqual([
        `    ok (3) :done, 0, 300`,
        `    read-only (2) :300, 500`,
        `    refused (2) :crit, 500, 700`,
        `    ok (3) :done, 700, 1000`,
      ])
      expect(taskLines(md, 'Answered by')).toEqual([
        `    server_id 101 on ip-10-0-0-1 (5) :done, 0, 500`,
        `    no answer (2) :crit, 500, 700`,
        `    server_id 202 on ip-10-0-0-2 (3) :700, 1000`,
      ])
    })

    it('stays compact with thousands of flapping probes: at most 40 bars a lane, every probe counted', () => {
      const pattern = Array.from({ length: 5000 }, (_, i) => (i % 7 === 3 ? 't' : i % 11 === 5 ? 'x' : 'o')).join('')
      const a = analyzeProbeLog(log(shapes(pattern)))
      const bars = taskLines(a.section.markdown, 'Probe outcome')
      expect(bars.length).toBeLessThanOrEqual(40)
      const counted = bars.reduce((sum, line) => sum + Number(/\((\d+)\)/.exec(line)?.[1]), 0)
      expect(counted).toBe(5000)
      expect(bars.every((l) => / :crit, /.test(l))).toBe(true) // every bucket holds a failure
      expect(a.section.markdown.length).toBeLessThan(8000)
      expect(a.timeline.length).toBeLessThan(40) // windows beyond the first ten are summarised
    })

    it('keeps task names free of Mermaid syntax characters', () => {
      const odd = { ...A, auroraServerId: 'weird:name;#x' }
      const a = analyzeProbeLog(log(shapes('oo', odd)))
      expect(taskLines(a.section.markdown, 'Answered by')[0]).toMatch(/^ {4}weird name x \(2\) :done, /)
    })
  })
})
