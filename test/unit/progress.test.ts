// Waits show they are alive: a line when the status changes and, when nothing was logged
// for the progress-interval, a line with what is awaited, the status and the time waited.
// On a virtual clock, so a 40-minute creation takes no time.
import { describe, expect, it } from '@jest/globals'
import { poll } from '../../src/aws/poll.js'
import { formatDuration, WaitProgress } from '../../src/progress.js'
import { probeStateLogger } from '../../src/modes/switchover/probe-live.js'
import type { ProbeRecord } from '../../src/probe/types.js'

function virtualClock() {
  let now = 0
  return { now: () => now, sleep: async (ms: number) => void (now += ms), advance: (ms: number) => void (now += ms) }
}

describe('WaitProgress in poll()', () => {
  it('a 40-minute creation with the default 30 s interval: never more than 60 s between lines, each with status and time waited', async () => {
    const clock = virtualClock()
    const lines: { at: number; text: string }[] = []
    const progress = new WaitProgress({ what: 'deployment bgd-1 to be AVAILABLE', everyMs: 30_000, now: clock.now, log: (text) => lines.push({ at: clock.now(), text }), timeoutMs: 2 * 3600_000 })
    let checks = 0
    await poll({
      what: 'deployment bgd-1 to be AVAILABLE',
      timeoutMs: 2 * 3600_000,
      initialDelayMs: 2000,
      maxDelayMs: 30_000,
      now: clock.now,
      // Each DescribeBlueGreenDeployments call takes 4 s on this virtual clock.
      check: async () => {
        clock.advance(4000)
        checks++
        const elapsed = clock.now()
        if (elapsed > 40 * 60_000) return { done: true, value: 'AVAILABLE' }
        return { done: false, status: elapsed < 25 * 60_000 ? 'PROVISIONING: CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS' : 'PROVISIONING: DB_ENGINE_VERSION_UPGRADE IN_PROGRESS' }
      },
      sleep: clock.sleep,
      progress,
    })
    expect(checks).toBeGreaterThan(60)
    const gaps = lines.slice(1).map((l, i) => l.at - lines[i]!.at)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000 + 4000)
    expect(lines.length).toBeGreaterThan(70)
    expect(lines[0]?.text).toBe('waiting for deployment bgd-1 to be AVAILABLE: PROVISIONING: CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS (4 s elapsed of at most 2 h 00 min)')
    expect(lines[1]?.text).toMatch(/^still waiting for deployment bgd-1 to be AVAILABLE: PROVISIONING: CREATING_READ_REPLICA_OF_SOURCE IN_PROGRESS \(\d+ s elapsed of at most 2 h 00 min\)$/)
    expect(lines.some((l) => l.text.startsWith('waiting for deployment bgd-1 to be AVAILABLE: PROVISIONING: DB_ENGINE_VERSION_UPGRADE IN_PROGRESS (25 min'))).toBe(true)
  })

  it('note() keeps the status for the next quiet line without a line of its own', () => {
    const clock = virtualClock()
    const lines: string[] = []
    const progress = new WaitProgress({ what: 'x', everyMs: 10_000, now: clock.now, log: (l) => lines.push(l) })
    progress.note('PROVISIONING')
    clock.advance(9_999)
    progress.tick()
    expect(lines).toEqual([])
    expect(progress.untilDueMs()).toBe(1)
    clock.advance(1)
    progress.tick()
    expect(lines).toEqual(['still waiting for x: PROVISIONING (10 s elapsed)'])
  })

  it('formats durations as an operator reads them', () => {
    expect([450, 42_000, 245_000, 3_720_000].map(formatDuration)).toEqual(['450 ms', '42 s', '4 min 05 s', '1 h 02 min'])
  })
})

describe('probeStateLogger', () => {
  const at = Date.UTC(2026, 10, 25, 12, 0, 0)
  const probe = (seq: number, outcome: ProbeRecord['outcome'], extra: Partial<ProbeRecord> = {}): ProbeRecord => ({
    seq,
    scheduledAt: at + seq * 1000,
    startedAt: at + seq * 1000,
    endedAt: at + seq * 1000 + 5,
    latencyMs: 5,
    phase: outcome === 'ok' || outcome === 'read-only' ? 'write' : 'connect',
    outcome,
    acknowledged: outcome === 'ok',
    ...extra,
  })
  const blue = { serverId: 1, hostname: 'blue', readOnly: false, version: '8.0' }
  const green = { serverId: 2, hostname: 'green', readOnly: false, version: '8.0' }

  it('logs the first probe, then each change once: first failure, other failures, recovery, a new server; not a late earlier probe', () => {
    const lines: string[] = []
    const observe = probeStateLogger((l) => lines.push(l))
    observe(probe(1, 'ok', { server: blue }))
    observe(probe(2, 'ok', { server: blue }))
    observe(probe(3, 'read-only', { server: blue, error: { errno: 1290, message: 'read only' } }))
    observe(probe(4, 'read-only', { server: blue, error: { errno: 1290, message: 'read only' } }))
    observe(probe(5, 'refused', { error: { code: 'ECONNREFUSED', errno: -111, message: 'refused' } }))
    observe(probe(4, 'timeout'))
    observe(probe(6, 'ok', { server: green }))
    observe(probe(7, 'ok', { server: green }))
    expect(lines).toEqual([
      'probe 1 at 12:00:01.000 UTC: ok: connected, read and wrote on server_id 1 on blue',
      'probe 3 at 12:00:03.000 UTC: first failure: writes refused, read-only (1290) on server_id 1 on blue',
      'probe 5 at 12:00:05.000 UTC: connection refused (ECONNREFUSED) at connect',
      'probe 6 at 12:00:06.000 UTC: recovered after 3.0 s of failed writes: ok: connected, read and wrote on server_id 2 on green',
    ])
  })

  it('says so when a new server answers without a failure in between', () => {
    const lines: string[] = []
    const observe = probeStateLogger((l) => lines.push(l))
    observe(probe(1, 'ok', { server: blue }))
    observe(probe(2, 'ok', { server: green }))
    expect(lines[1]).toBe('probe 2 at 12:00:02.000 UTC: now answered by server_id 2 on green (was server_id 1 on blue)')
  })
})
