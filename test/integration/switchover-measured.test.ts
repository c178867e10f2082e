// The measured switchover on the sandbox, probed every 100 ms while an application writes
// through the production endpoint. The sandbox is set to produce a known interruption
// (blue read-only 1500 ms, then the endpoint refusing connections 1000 ms) and records when
// it actually did each step (switchoverTrace). The mode's figures must match what was
// produced within the measurement's resolution, which the probe log itself states: one
// interval, plus the schedule's worst start jitter, plus the slowest successful probe (a
// probe is decided when its write lands, not when it starts). No acknowledged write may be
// lost (the probes' and the application's), the report carries the timeline (Mermaid),
// the new primary is the former green and the old blue is read-only. Run again, the mode
// says it is done and changes nothing.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { analyzeProbeLog, readProbeLog } from '../../src/probe/index.js'
import { runMode } from '../../src/modes/registry.js'
import type { Report } from '../../src/report/types.js'
import { codes, createDeployment, modeContext, startWriteLoad, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

const READ_ONLY_MS = 1500
const UNAVAILABLE_MS = 1000
const INTERVAL_MS = 100

describe('switchover probed every 100 ms under a write load', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let id: string
  let greenServerId: number
  let blueServerId: number
  let report: Report
  let app: { acknowledged: number[]; failures: number }
  const closers: Array<() => void> = []

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'shop' },
      timings: { taskMs: 50, switchover: { readOnlyMs: READ_ONLY_MS, unavailableMs: UNAVAILABLE_MS, unavailableMode: 'refuse', postProcessingMs: 300 } },
    })
    restore = useSandboxEndpoint(sandbox)
    const setup = modeContext(sandbox, 'switchover')
    closers.push(setup.close)
    rds = setup.ctx.rds
    await sandbox.server('shop').query('CREATE TABLE app.orders_load (seq INT PRIMARY KEY, at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3))')
    const created = await createDeployment(sandbox, rds, 'shop')
    id = created.id
    greenServerId = sandbox.instance(created.green).serverId
    blueServerId = sandbox.instance('shop').serverId

    const load = startWriteLoad(sandbox, sandbox.instance('shop').proxy.port, 'app.orders_load')
    const harness = modeContext(sandbox, 'switchover', { 'probe-interval': `${INTERVAL_MS}ms`, 'probe-tail': '1s', 'switchover-timeout': '60' })
    closers.push(harness.close)
    report = await runMode(harness.ctx)
    app = await load.stop()
  }, 60_000)
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('completes, confirms the former green as the new primary and the old blue read-only', () => {
    // PROBE_SCHEDULE_LATE is the one warning a busy machine may add (probes started late);
    // the figures below take the measured lateness into account.
    expect(report.findings.filter((f) => f.level !== 'info' && f.code !== 'PROBE_SCHEDULE_LATE')).toEqual([])
    expect(report.verdict.ok).toBe(true)
    expect(report.verdict.headline).toMatch(/^switchover completed in \d+(\.\d)? s; writes failed \d+ ms, reads \d+ ms; 0 lost writes$/)
    expect(report.outputs).toMatchObject({ 'deployment-id': id, status: 'SWITCHOVER_COMPLETED', 'lost-writes': '0' })
    expect(codes(report.findings)).toEqual(
      expect.arrayContaining(['SWITCHOVER_COMPLETED', 'NEW_PRIMARY_CONFIRMED', 'OLD_BLUE_READ_ONLY', 'PROBE_NO_LOST_WRITES', 'PROBE_READ_ONLY_WINDOW', 'PROBE_ENDPOINT_MOVED']),
    )
    expect(sandbox.instance('shop').serverId).toBe(greenServerId)
    expect(sandbox.instance('shop-old1').serverId).toBe(blueServerId)
    // The changes it made, in order: the heartbeat table, the switchover call, the write on the new primary.
    expect(report.actions?.map((a) => a.description.replace(/ \{.*| on .*/, ''))).toEqual(['SQL', 'SwitchoverBlueGreenDeployment', 'SQL'])
    expect(report.actions?.[1]?.description).toBe(`SwitchoverBlueGreenDeployment {"BlueGreenDeploymentIdentifier":"${id}","SwitchoverTimeout":60}`)
  })

  it('measures write and read downtime within the probe resolution of the interruption the sandbox produced', () => {
    const trace = sandbox.state.deployments.get(id)!.switchoverTrace!
    const producedWrite = trace.endpointsOpenedAt! - trace.readOnlyAt!
    const producedRead = trace.endpointsOpenedAt! - trace.endpointsClosedAt!
    // The sandbox holds the endpoint closed for unavailableMs plus the time its rename takes;
    // writes failed from blue's read_only on, well before that.
    expect(producedRead).toBeGreaterThanOrEqual(UNAVAILABLE_MS)
    expect(producedWrite).toBeGreaterThan(producedRead + READ_ONLY_MS / 2)

    const log = readProbeLog(report.outputs['probe-log-path']!)
    const a = analyzeProbeLog(log)
    expect(log.header.intervalMs).toBe(INTERVAL_MS)
    const resolution = INTERVAL_MS + a.jitter.max + a.latency.max
    const measuredWrite = Number(report.outputs['write-downtime-ms'])
    const measuredRead = Number(report.outputs['read-downtime-ms'])
    expect(measuredWrite).toBe(Math.round(a.write.downtimeMs))
    expect(measuredRead).toBe(Math.round(a.read.downtimeMs))
    // On a busy 2-core machine a lone probe can miss its 90 ms timeout outside the
    // switchover; such a blip is its own one-probe window and adds to the sum, so the
    // switchover's window is the longest one, and the sum may exceed it by the blips only.
    const blips = (windows: typeof a.write.windows) => windows.filter((w) => w.durationMs < a.write.longestMs)
    for (const w of [...blips(a.write.windows), ...a.read.windows.filter((w) => w.durationMs < a.read.longestMs)]) {
      expect(w).toMatchObject({ probes: 1, byOutcome: { timeout: 1 } })
    }
    expect(Math.abs(a.write.longestMs - producedWrite)).toBeLessThanOrEqual(resolution)
    expect(Math.abs(a.read.longestMs - producedRead)).toBeLessThanOrEqual(resolution)
    // The read-only window is the part of the write outage before the endpoint closed.
    expect(Math.abs(a.readOnly!.durationMs - (trace.endpointsClosedAt! - trace.readOnlyAt!))).toBeLessThanOrEqual(resolution)
    // Failed probes by kind: 1290 while read-only, refused while the endpoint moved.
    expect(a.byOutcome['read-only']).toBeGreaterThanOrEqual(Math.floor(READ_ONLY_MS / INTERVAL_MS) - 2)
    expect(a.byOutcome.refused + a.byOutcome.timeout).toBeGreaterThanOrEqual(Math.floor(UNAVAILABLE_MS / INTERVAL_MS) - 2)
    expect(a.byOutcome.error).toBe(0)
    // Every slot got its probe: none was skipped or queued.
    expect(log.records.map((r) => r.seq)).toEqual(log.records.map((_, i) => i + 1))
  })

  it('loses no acknowledged write: neither the probes\' nor the application\'s', async () => {
    const log = readProbeLog(report.outputs['probe-log-path']!)
    const acked = log.records.filter((r) => r.acknowledged)
    // Acknowledged by blue before the switchover and by the former green after it.
    expect(acked.filter((r) => r.server?.serverId === blueServerId).length).toBeGreaterThanOrEqual(1)
    expect(acked.filter((r) => r.server?.serverId === greenServerId).length).toBeGreaterThanOrEqual(5)
    const rows = await sandbox.server('shop').query<{ seq: number }>(`SELECT seq FROM rds_blue_green.heartbeat WHERE token = '${log.header.token}'`)
    const present = new Set(rows.map((r) => Number(r.seq)))
    expect(acked.filter((r) => !present.has(r.seq))).toEqual([])

    expect(app.acknowledged.length).toBeGreaterThan(50)
    expect(app.failures).toBeGreaterThan(0)
    const appRows = await sandbox.server('shop').query<{ seq: number }>('SELECT seq FROM app.orders_load')
    const appPresent = new Set(appRows.map((r) => r.seq))
    expect(app.acknowledged.filter((n) => !appPresent.has(n))).toEqual([])
  })

  it('reports the timeline: RDS status, rds_topology phases, RDS events, probe windows, and a Mermaid chart', () => {
    const labels = report.timeline.map((e) => `${e.source ?? 'action'}: ${e.label}`)
    expect(labels).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^action: SwitchoverBlueGreenDeployment called/),
        `action: RDS status SWITCHOVER_COMPLETED (seen by polling); shop-old1 -> shop: SWITCHOVER_COMPLETED`,
        expect.stringMatching(/^topology: rds_topology: SWITCHOVER_IN_PROGRESS/),
        expect.stringMatching(/^topology: rds_topology: SWITCHOVER_COMPLETED/),
        `rds-event: ${id}: Switchover started on blue/green deployment.`,
        `rds-event: ${id}: Switchover completed on blue/green deployment.`,
        expect.stringMatching(/^probe: Writes failed for \d+ ms/),
        expect.stringMatching(/^probe: Endpoint read-only/),
      ]),
    )
    const chart = report.sections.find((s) => s.title === 'Switchover timeline')!
    expect(chart.markdown).toMatch(/^```mermaid\n%%\{init: .*\}%%\ngantt\n/)
    expect(chart.markdown).toContain('section RDS status')
    expect(chart.markdown).toContain('section rds_topology')
    expect(chart.markdown).toMatch(/Writes failed \d+ ms :crit/)
    expect(report.sections.map((s) => s.title)).toEqual(['Switchover timeline', 'Endpoint probes'])
    // The status was polled at most twice in any second (bench:probe measures it on the sandbox's side too).
    expect(report.metrics.find((m) => m.name === 'describe-calls-max-per-second')?.value).toBeLessThanOrEqual(2)
  })

  it('run again: already completed, reports the state, changes nothing', async () => {
    const harness = modeContext(sandbox, 'switchover', { 'probe-interval': `${INTERVAL_MS}ms` })
    closers.push(harness.close)
    const again = await runMode(harness.ctx)
    expect(again.verdict).toEqual({ ok: true, headline: `switchover: already completed (deployment ${id}); nothing to do` })
    expect(codes(again.findings)).toEqual(['SWITCHOVER_ALREADY_COMPLETED', 'OLD_BLUE_READ_ONLY'])
    expect(again.findings[0]?.message).toContain(`as server_id ${greenServerId}`)
    expect(again.actions).toEqual([])
    expect(again.outputs.status).toBe('SWITCHOVER_COMPLETED')
  })
})
