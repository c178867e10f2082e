// A switchover during which the endpoint hangs new connections (accepted, nothing
// answered) for 1.5 s instead of refusing them. Probes every 100 ms must keep their
// schedule: each starts on time although the ones before it are stuck, each hung one is cut
// off by its own timeout (classified `timeout`), no slot is skipped, and the mode itself
// (status polling, rds_topology on its own connection) is not held up: the switchover is
// seen complete and the downtime matches what the sandbox produced.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { analyzeProbeLog, readProbeLog } from '../../src/probe/index.js'
import { createDeployment, modeContext, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

const INTERVAL_MS = 100
const HANG_MS = 1500

describe('a hung endpoint during the switchover', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  const closers: Array<() => void> = []

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'shop' },
      timings: { taskMs: 50, switchover: { readOnlyMs: 300, unavailableMs: HANG_MS, unavailableMode: 'hang', postProcessingMs: 100 } },
    })
    restore = useSandboxEndpoint(sandbox)
    const setup = modeContext(sandbox, 'switchover')
    closers.push(setup.close)
    rds = setup.ctx.rds
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('does not delay the probe schedule, and the mode still sees the switchover through', async () => {
    const { id } = await createDeployment(sandbox, rds, 'shop')
    const harness = modeContext(sandbox, 'switchover', { 'probe-interval': `${INTERVAL_MS}ms`, 'probe-tail': '1s' })
    closers.push(harness.close)
    const report = await runMode(harness.ctx)
    expect(report.outputs.status).toBe('SWITCHOVER_COMPLETED')
    expect(report.outputs['lost-writes']).toBe('0')

    const log = readProbeLog(report.outputs['probe-log-path']!)
    const a = analyzeProbeLog(log)
    // The hang was seen as timeouts, each bounded by the probe's own timeout (90% of the interval).
    expect(a.byOutcome.timeout).toBeGreaterThanOrEqual(Math.floor(HANG_MS / INTERVAL_MS) - 3)
    const hung = log.records.filter((r) => r.outcome === 'timeout')
    expect(Math.max(...hung.map((r) => r.latencyMs))).toBeLessThan(INTERVAL_MS + 50)
    // Every slot was probed, in order, none skipped ...
    expect(log.records.map((r) => r.seq)).toEqual(log.records.map((_, i) => i + 1))
    // (times are logged to the microsecond)
    expect(log.records.every((r) => Math.abs(r.scheduledAt - (log.header.firstScheduledAt + (r.seq - 1) * INTERVAL_MS)) < 0.01)).toBe(true)
    // ... and each started on its schedule, not after the hung probe before it: a queued
    // probe would start at least one probe timeout (90 ms) late, and the delay would add up.
    const late = log.records.map((r) => r.startedAt - r.scheduledAt)
    expect(Math.max(...late)).toBeLessThan(INTERVAL_MS * 0.9)
    const duringHang = log.records.filter((r, i) => r.outcome === 'timeout' && log.records[i + 1]?.outcome === 'timeout')
    expect(duringHang.length).toBeGreaterThan(5)
    for (const r of duringHang) {
      const next = log.records[r.seq]!
      expect(next.startedAt - r.startedAt).toBeLessThan(INTERVAL_MS * 1.5)
    }

    // The produced interruption, measured within the probes' resolution.
    const trace = sandbox.state.deployments.get(id)!.switchoverTrace!
    const resolution = INTERVAL_MS + a.jitter.max + a.latency.max
    expect(Math.abs(a.read.longestMs - (trace.endpointsOpenedAt! - trace.endpointsClosedAt!))).toBeLessThanOrEqual(resolution)
    expect(Math.abs(a.write.longestMs - (trace.endpointsOpenedAt! - trace.readOnlyAt!))).toBeLessThanOrEqual(resolution)
  })
})
