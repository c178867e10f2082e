// Small parts of the switchover and cleanup modes, on a virtual clock where time matters:
// the status watcher's call spacing whatever the calls' latency (a slow answer followed by a
// quick one is the case that would put three calls in one second; the sandbox answers too
// evenly to produce it on demand, so the RDS client here is a stand-in that returns the
// statuses a switchover goes through), the calls-per-second count, derived snapshot names,
// and the Mermaid chart's labels.
import { GANTT_INIT } from '../../../src/report/gantt.js'
import type { RDSClient } from '@aws-sdk/client-rds'
import { describe, expect, it } from '@jest/globals'
import { derivedSnapshotId } from '../../../src/modes/cleanup/snapshot-id.js'
import { DEFAULT_POLL_PERIOD_MS, maxCallsPerSecond, watchSwitchover } from '../../../src/modes/switchover/deployment-watch.js'
import { switchoverGantt } from '../../../src/modes/switchover/timeline-chart.js'

function virtualClock() {
  let t = 1_000_000
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) }
}

describe('watchSwitchover', () => {
  it('looks one period after the call, never twice within a period, and notices the final status at the next look', async () => {
    const clock = virtualClock()
    const latencies = [250, 10, 300, 5, 180, 20, 90]
    const statuses = ['SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_COMPLETED']
    let call = 0
    const rds = {
      send: async () => {
        clock.advance(latencies[call % latencies.length]!)
        const Status = statuses[Math.min(call++, statuses.length - 1)]
        return { BlueGreenDeployments: [{ BlueGreenDeploymentIdentifier: 'bgd-1', Status, SwitchoverDetails: [] }] }
      },
    } as unknown as RDSClient
    const start = clock.now()
    const result = await watchSwitchover({ rds, id: 'bgd-1', deadline: start + 60_000, now: clock.now, sleep: clock.sleep })
    expect(result.status).toBe('SWITCHOVER_COMPLETED')
    expect(result.calls).toBe(6)
    expect(result.callStarts[0]! - start).toBe(DEFAULT_POLL_PERIOD_MS)
    const gaps = result.callStarts.slice(1).map((at, i) => at - result.callStarts[i]!)
    // A call taking longer than the period pushes the next one back; none comes sooner.
    expect(gaps.every((g) => g >= DEFAULT_POLL_PERIOD_MS)).toBe(true)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(DEFAULT_POLL_PERIOD_MS + Math.max(...latencies))
    expect(maxCallsPerSecond(result.callStarts)).toBeLessThanOrEqual(2)
    expect(result.changes.map((c) => c.status)).toEqual(['SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_COMPLETED'])
    expect(result.noticedAt).toBe(result.lookedAt + latencies[5]!)
  })

  it('gives up at the deadline with the switchover still in progress', async () => {
    const clock = virtualClock()
    const rds = { send: async () => ({ BlueGreenDeployments: [{ Status: 'SWITCHOVER_IN_PROGRESS' }] }) } as unknown as RDSClient
    const result = await watchSwitchover({ rds, id: 'bgd-1', deadline: clock.now() + 3000, now: clock.now, sleep: clock.sleep })
    expect(result).toMatchObject({ status: 'SWITCHOVER_IN_PROGRESS', timedOut: true, calls: 5 })
  })

  it('keeps looking after a failed call', async () => {
    const clock = virtualClock()
    let call = 0
    const rds = {
      send: async () => {
        if (call++ === 0) throw Object.assign(new Error('Rate exceeded'), { name: 'Throttling' })
        return { BlueGreenDeployments: [{ Status: 'SWITCHOVER_FAILED', StatusDetails: 'rolled back' }] }
      },
    } as unknown as RDSClient
    const result = await watchSwitchover({ rds, id: 'bgd-1', deadline: clock.now() + 60_000, now: clock.now, sleep: clock.sleep })
    expect(result).toMatchObject({ status: 'SWITCHOVER_FAILED', failedCalls: 1, calls: 2, timedOut: false })
  })
})

describe('maxCallsPerSecond', () => {
  it('counts the most calls starting within one second', () => {
    expect(maxCallsPerSecond([])).toBe(0)
    expect(maxCallsPerSecond([0, 600, 1200, 1800])).toBe(2)
    expect(maxCallsPerSecond([0, 500, 999])).toBe(3)
    expect(maxCallsPerSecond([0, 500, 1000])).toBe(2)
  })
})

describe('derivedSnapshotId', () => {
  const at = Date.UTC(2026, 0, 31, 14, 25, 0)
  it('is the name, "final" and the UTC time, a valid RDS snapshot identifier', () => {
    expect(derivedSnapshotId('orders-old1', at)).toBe('orders-old1-final-20260131-142500')
  })
  it('starts with a letter, has no double or trailing hyphen, and fits 255 characters', () => {
    expect(derivedSnapshotId('1db--x-', at)).toBe('db-1db-x-final-20260131-142500')
    const long = derivedSnapshotId(`a${'-b'.repeat(200)}`, at)
    expect(long.length).toBeLessThanOrEqual(255)
    expect(long).toMatch(/^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/)
  })
})

describe('switchoverGantt', () => {
  it('draws RDS status, rds_topology and the endpoint lanes in seconds from the start, with labels Mermaid accepts', () => {
    const t0 = Date.UTC(2026, 0, 31, 14, 25, 0, 500)
    const chart = switchoverGantt({
      title: 'Switchover of orders: test #1',
      statuses: [{ at: t0, label: 'SWITCHOVER_IN_PROGRESS' }, { at: t0 + 3000, label: 'SWITCHOVER_COMPLETED' }],
      topology: [{ at: t0 + 100, label: 'SWITCHOVER_IN_PROGRESS' }],
      readOnly: { from: t0 + 200, to: t0 + 1700, durationMs: 1500, firstSeq: 3, lastSeq: 17, probes: 15 },
      writeWindows: [{ from: t0 + 200, to: t0 + 2700, durationMs: 2500, firstSeq: 3, lastSeq: 27, probes: 25, byOutcome: {}, recovered: true }],
      readWindows: [],
      end: t0 + 4000,
    })
    expect(chart.split('\n')).toEqual([
      GANTT_INIT,
      'gantt',
      '    title Switchover of orders: test  1 (seconds after 14:25:00 UTC)',
      '    dateFormat x',
      '    axisFormat %s',
      '    tickInterval 1second',
      '    todayMarker off',
      '    section RDS status',
      '    SWITCHOVER_IN_PROGRESS :0, 3000',
      '    SWITCHOVER_COMPLETED :done, 3000, 4000',
      '    section rds_topology',
      '    SWITCHOVER_IN_PROGRESS :100, 4000',
      '    section Endpoint',
      '    Read-only, writes refused (15 probes) :200, 1700',
      '    Writes failed 2500 ms :crit, 200, 2700',
    ])
  })

  it('picks a tick interval that gives at most 10 ticks, each label distinct', async () => {
    const { tickInterval } = await import('../../../src/report/gantt.js')
    const spans = [1500, 9000, 25_000, 70_000, 301_000, 3_600_000, 4 * 3_600_000]
    expect(spans.map((ms) => tickInterval(ms).mermaid)).toEqual(['1second', '1second', '5second', '10second', '1minute', '10minute', '30minute'])
    for (const ms of spans) expect(ms / 1000 / tickInterval(ms).seconds).toBeLessThanOrEqual(10)
  })
})
