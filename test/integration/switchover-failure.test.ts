// A switchover that fails in the sandbox (RDS rolls it back: SWITCHOVER_FAILED, blue
// writable again), and one that times out (the catch-up never completes): each time the
// mode reports it with RDS's StatusDetails, confirms through the endpoint that blue still
// serves and takes writes, finds every acknowledged probe write on blue, and fails the step.
// Then a retry, without force, completes: RDS rolled the failure back.
import { DeleteBlueGreenDeploymentCommand, type RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { readProbeLog } from '../../src/probe/index.js'
import { createDeployment, describeDeployment, modeContext, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('a switchover that fails or times out', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let blueServerId: number
  const closers: Array<() => void> = []

  const switchover = async () => {
    const harness = modeContext(sandbox, 'switchover', { 'probe-interval': '100ms', 'probe-tail': '500ms' })
    closers.push(harness.close)
    return runMode(harness.ctx)
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, deleteMs: 50, switchover: { readOnlyMs: 300, unavailableMs: 300 } } })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'switchover').ctx.rds
    blueServerId = sandbox.instance('shop').serverId
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  async function expectBlueServing(report: Awaited<ReturnType<typeof switchover>>): Promise<void> {
    expect(report.findings.find((f) => f.code === 'BLUE_STILL_SERVING')?.message).toMatch(
      new RegExp(`^Blue still serves through 127\\.0\\.0\\.1:\\d+ \\(server_id ${blueServerId} on .+\\), read_only is off, and it took a write\\.$`),
    )
    expect(report.findings.find((f) => f.code === 'PROBE_NO_LOST_WRITES')).toBeDefined()
    expect(report.outputs['lost-writes']).toBe('0')
    // Every probe write the endpoint acknowledged is on blue, which still has its name.
    const log = readProbeLog(report.outputs['probe-log-path']!)
    const acked = log.records.filter((r) => r.acknowledged)
    expect(acked.length).toBeGreaterThan(3)
    expect(new Set(acked.map((r) => r.server?.serverId))).toEqual(new Set([blueServerId]))
    const rows = await sandbox.server('shop').query<{ seq: number }>(`SELECT seq FROM rds_blue_green.heartbeat WHERE token = '${log.header.token}'`)
    const present = new Set(rows.map((r) => Number(r.seq)))
    expect(acked.filter((r) => !present.has(r.seq))).toEqual([])
    expect(sandbox.instance('shop').serverId).toBe(blueServerId)
    // An application can write to blue again.
    const conn = await sandbox.connect({ instance: 'shop' })
    await conn.query("INSERT INTO app.users (email, name) VALUES (CONCAT('after-', UUID(), '@example.com'), 'After')")
    await conn.end()
  }

  it('SWITCHOVER_FAILED: reported with StatusDetails, blue confirmed serving and writable, step fails', async () => {
    const { id } = await createDeployment(sandbox, rds, 'shop', { name: 'shop-fail' })
    sandbox.faults.switchover = { kind: 'fail', reason: 'Switchover failed: injected by the test.', afterMs: 600 }
    const report = await switchover()
    expect(report.verdict.ok).toBe(false)
    expect(report.verdict.headline).toMatch(/^switchover failed after \d+(\.\d)? s \(writes failed \d+ ms, reads \d+ ms\); blue keeps serving$/)
    expect(report.outputs.status).toBe('SWITCHOVER_FAILED')
    expect(report.findings[0]).toMatchObject({
      level: 'error',
      code: 'SWITCHOVER_FAILED',
      subject: id,
      message: expect.stringMatching(/^The switchover ended SWITCHOVER_FAILED after \d+(\.\d)? s: Switchover failed: injected by the test\. RDS rolled it back; blue keeps serving\.$/),
    })
    // Blue was read-only while RDS tried; the probes saw it.
    expect(report.findings.find((f) => f.code === 'PROBE_READ_ONLY_WINDOW')).toBeDefined()
    expect(report.timeline.map((e) => e.label)).toContain(`${id}: Switchover canceled on blue/green deployment: Switchover failed: injected by the test.`)
    await expectBlueServing(report)
    await rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, DeleteTarget: true }))
    await sandbox.idle()
  })

  it('a timeout (green never catches up): reported, blue confirmed serving and writable, step fails', async () => {
    const { id } = await createDeployment(sandbox, rds, 'shop', { name: 'shop-timeout' })
    sandbox.faults.switchover = { kind: 'timeout', afterMs: 800 }
    const report = await switchover()
    expect(report.verdict.ok).toBe(false)
    expect((await describeDeployment(rds, id)).Status).toBe('SWITCHOVER_FAILED')
    expect(report.findings[0]).toMatchObject({
      level: 'error',
      code: 'SWITCHOVER_FAILED',
      message: expect.stringContaining('Switchover timed out: the green environment did not catch up with the blue environment within the switchover timeout.'),
    })
    await expectBlueServing(report)
  })

  it('a retry after the failure needs no force: the gate warns with the failed attempt and the switchover completes', async () => {
    // The deployment from the previous test is SWITCHOVER_FAILED; the fault was used up.
    const report = await switchover()
    expect(report.findings.find((f) => f.code === 'PREVIOUS_SWITCHOVER_FAILED')).toMatchObject({
      level: 'warning',
      message: expect.stringContaining('Switchover timed out'),
    })
    expect(report.findings.find((f) => f.code === 'GATE_OVERRIDDEN')).toBeUndefined()
    expect(report.verdict.ok).toBe(true)
    expect(report.outputs.status).toBe('SWITCHOVER_COMPLETED')
    expect(report.outputs['lost-writes']).toBe('0')
    expect(sandbox.instance('shop').serverId).not.toBe(blueServerId)
  })
})
