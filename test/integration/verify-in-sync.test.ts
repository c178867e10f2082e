// verify on an in-sync green: ready, with the marker row's lag figure (metric and the
// replica-lag-ms output); the heartbeat table created once; a dry run writes nothing; and
// green made writable the way seed 003 did it is a warning that does not block.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { codes, createDeployment, makeGreenWritable, useSandboxEndpoint, verifyContext, type VerifyHarness } from '../helpers/sandbox-modes.js'

describe('verify: an in-sync green', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let green: string
  let id: string
  const harnesses: VerifyHarness[] = []
  const context = (inputs: Parameters<typeof verifyContext>[1] = {}) => {
    const h = verifyContext(sandbox, inputs)
    harnesses.push(h)
    return h
  }
  const markers = async (server: string) =>
    Number((await sandbox.server(server).query<{ n: number }>("SELECT COUNT(*) AS n FROM rds_blue_green.heartbeat WHERE kind = 'marker'"))[0]?.n)

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 50, rebootMs: 50, replicationPollMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    rds = context().ctx.rds
    ;({ id, green } = await createDeployment(sandbox, rds, 'orders'))
  })
  afterAll(async () => {
    for (const h of harnesses) h.close()
    restore?.()
    await sandbox?.stop()
  })

  it('is ready, with the marker row lag as a metric and the replica-lag-ms output', async () => {
    const { ctx } = context()
    const report = await runMode(ctx)
    expect(report.findings.filter((f) => f.level !== 'info')).toEqual([])
    expect(report.verdict).toEqual({ ok: true, headline: `orders: green is ready to switch over (green ${green})` })
    expect(report.outputs).toMatchObject({ ready: 'true', 'deployment-id': id, status: 'AVAILABLE', 'green-identifiers': green })
    const lag = Number(report.outputs['replica-lag-ms'])
    expect(Number.isInteger(lag) && lag >= 0 && lag < 5000).toBe(true)
    expect(report.metrics).toContainEqual(expect.objectContaining({ name: 'replica-lag', value: lag, unit: 'ms' }))
    // The heartbeat table did not exist: created, then the marker written, both recorded.
    expect(report.actions?.map((a) => a.outcome)).toEqual(['done', 'done'])
    expect(report.actions?.[0]?.description).toContain('CREATE TABLE IF NOT EXISTS `rds_blue_green`.`heartbeat`')
    expect(report.actions?.[1]?.description).toContain('INSERT INTO `rds_blue_green`.`heartbeat`')
    expect(await markers(green)).toBe(1)
    const markdown = renderMarkdown(report)
    expect(markdown.split('\n')[0]).toBe(`### ✅ orders: green is ready to switch over (green ${green})`)
    expect(markdown).toMatch(/\| ✅ \| Marker row \(sync\) \| on green \d+ ms after blue acknowledged it/)
    expect(markdown).toContain('| ✅ | Green read_only | ON |')
    // The deployment's own events are on the timeline.
    expect(report.timeline.map((e) => e.label)).toContainEqual(expect.stringContaining('Blue/green deployment creation started.'))
  })

  it('a second run writes only a new marker (the table exists)', async () => {
    const report = await runMode(context().ctx)
    expect(report.verdict.ok).toBe(true)
    expect(report.actions?.map((a) => a.description)).toEqual([expect.stringContaining('INSERT INTO `rds_blue_green`.`heartbeat`')])
    expect(await markers(green)).toBe(2)
  })

  it('dry run: the marker is listed, not written; readiness otherwise checked, and never claimed', async () => {
    const report = await runMode(context({ 'dry-run': 'true' }).ctx)
    expect(report.actions?.map((a) => a.outcome)).toEqual(['skipped'])
    expect(codes(report.findings)).toEqual(['SYNC_NOT_CHECKED'])
    expect(report.outputs['replica-lag-ms']).toBeUndefined()
    // Nothing blocks, but without the marker row green is not proven ready.
    expect(report.outputs.ready).toBe('false')
    expect(report.verdict.ok).toBe(true)
    expect(report.verdict.headline).toMatch(/^orders: dry run: no blocking finding in the checks a dry run makes; green is not proven ready, since no marker row was written/)
    expect(renderMarkdown(report)).not.toMatch(/green is ready/)
    expect(await markers('orders')).toBe(2)
  })

  it('green made writable (seed 003): a warning, still ready', async () => {
    await makeGreenWritable(rds, green)
    const report = await runMode(context().ctx)
    expect(report.findings.filter((f) => f.level !== 'info').map((f) => [f.level, f.code, f.subject])).toEqual([['warning', 'GREEN_WRITABLE', green]])
    expect(report.findings[0]?.message).toContain('read_only is OFF on green')
    expect(report.verdict.ok).toBe(true)
    expect(renderMarkdown(report)).toContain('| ⚠️ | Green read_only | OFF (writable) |')
  })
})
