// The switchover mode on an Aurora MySQL cluster (a writer and a reader), on the sandbox.
// A dry run first: the gate runs, the calls are listed, nothing is written or switched.
// Then the real run probes the cluster (writer) endpoint, the endpoint clients use; Aurora
// in the sandbox has no mysql.rds_topology (labelled 3.05), which the report says; the
// new primary is the former green cluster (its resource id) and takes writes; the old blue
// cluster is read-only under -old1; no acknowledged write is lost.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { readProbeLog } from '../../src/probe/index.js'
import { codes, createDeployment, modeContext, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('switchover of an Aurora cluster', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let id: string
  let greenCluster: string
  const closers: Array<() => void> = []

  const switchover = async (inputs: Parameters<typeof modeContext>[2] = {}) => {
    const harness = modeContext(sandbox, 'switchover', { source: 'aurora-app', 'probe-interval': '200ms', 'probe-tail': '1s', ...inputs })
    closers.push(harness.close)
    return runMode(harness.ctx)
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: false,
      parameterGroups: [{ name: 'aurora-binlog', family: 'aurora-mysql8.0', kind: 'cluster', values: { binlog_format: 'ROW' } }],
      cluster: { id: 'aurora-app', readers: 1, parameterGroup: 'aurora-binlog' },
      timings: { taskMs: 50, switchover: { readOnlyMs: 400, unavailableMs: 400, postProcessingMs: 100 } },
    })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'switchover', { source: 'aurora-app' }).ctx.rds
    ;({ id, green: greenCluster } = await createDeployment(sandbox, rds, 'aurora-app', { kind: 'cluster' }))
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('dry run: the gate passes, the calls are listed, nothing is written or switched', async () => {
    const report = await switchover({ 'dry-run': 'true' })
    expect(report.verdict).toEqual({ ok: true, headline: `switchover (dry run): the gate passed; would switch over ${id} while probing 127.0.0.1:${sandbox.cluster('aurora-app').writerProxy.port}` })
    expect(report.actions?.map((a) => [a.description.split(' ')[0], a.outcome])).toEqual([
      ['SQL', 'skipped'],
      ['Probe', 'skipped'],
      ['SwitchoverBlueGreenDeployment', 'skipped'],
    ])
    expect(report.outputs['probe-log-path']).toBeUndefined()
    expect(sandbox.state.deployments.get(id)?.status).toBe('AVAILABLE')
    const [tables] = await sandbox.server('aurora-app-instance-1').query<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rds_blue_green'")
    expect(Number(tables!.n)).toBe(0)
  })

  it('probes the cluster endpoint, confirms the former green cluster, the old blue cluster read-only, and no lost write', async () => {
    const greenWriter = sandbox.cluster(greenCluster).members.map((m) => sandbox.instance(m)).find((i) => i.isWriter)!
    const blueWriterServerId = sandbox.instance('aurora-app-instance-1').serverId
    const greenResource = sandbox.cluster(greenCluster).resourceId
    const report = await switchover()
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([])
    expect(report.outputs).toMatchObject({ status: 'SWITCHOVER_COMPLETED', 'lost-writes': '0' })
    expect(codes(report.findings)).toEqual(expect.arrayContaining(['TOPOLOGY_NOT_AVAILABLE', 'NEW_PRIMARY_CONFIRMED', 'OLD_BLUE_READ_ONLY', 'PROBE_NO_LOST_WRITES']))
    expect(report.findings.find((f) => f.code === 'NEW_PRIMARY_CONFIRMED')?.message).toContain(`(resource ${greenResource})`)
    expect(report.findings.find((f) => f.code === 'OLD_BLUE_READ_ONLY')).toMatchObject({ subject: 'aurora-app-old1' })

    const log = readProbeLog(report.outputs['probe-log-path']!)
    expect(log.header.endpoint.port).toBe(sandbox.cluster('aurora-app').writerProxy.port)
    const answered = [...new Set(log.records.filter((r) => r.server).map((r) => r.server!.serverId))]
    expect(answered).toEqual([blueWriterServerId, greenWriter.serverId])
    expect(report.sections.find((s) => s.title === 'Switchover timeline')?.markdown).not.toContain('section rds_topology')
  })
})
