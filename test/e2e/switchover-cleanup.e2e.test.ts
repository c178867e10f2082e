// switchover then cleanup through the bundled action (dist/index.js), run exactly as the
// GitHub runner runs it: inputs as INPUT_*, outputs read back from GITHUB_OUTPUT, the job
// summary from GITHUB_STEP_SUMMARY, the probe log read from the path the action gives as an
// output. The action reaches the sandbox only through the standard variables and the
// endpoints RDS reports; TLS is verified against the sandbox's CA (db-ca-bundle).
import { CreateBlueGreenDeploymentCommand, DescribeBlueGreenDeploymentsCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { readProbeLog } from '../../src/probe/index.js'
import { DIST_ENTRY, runAction } from '../helpers/run-action.js'
import { runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'
import { rdsClient, waitFor } from '../sandbox/helpers.js'

describe('dist/index.js: switchover, then cleanup', () => {
  let sandbox: Sandbox
  let id: string
  const temps: string[] = []
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders' },
      timings: { taskMs: 50, deleteMs: 100, switchover: { readOnlyMs: 400, unavailableMs: 400, unavailableMode: 'refuse', postProcessingMs: 100 } },
    })
    const rds = rdsClient(sandbox)
    const created = await rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: 'orders-bg', Source: sandbox.state.arn('db', 'orders') }))
    id = created.BlueGreenDeployment!.BlueGreenDeploymentIdentifier!
    await waitFor(async () => (await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))).BlueGreenDeployments![0]!.Status, (s) => s === 'AVAILABLE')
  })
  afterAll(async () => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true })
    await sandbox?.stop()
  })

  const env = () => runnerEnv(sandbox)
  const db = () => sandboxInputs(sandbox)
  const run = async (inputs: Record<string, string>) => {
    const result = await runAction({ inputs: { source: 'orders', ...db(), ...inputs }, env: env(), keepTemp: true })
    temps.push(result.runnerTemp)
    return result
  }

  it('switchover: completes, sets the measurement outputs, writes the probe log where the output says', async () => {
    expect(existsSync(DIST_ENTRY)).toBe(true)
    const result = await run({ mode: 'switchover', 'probe-interval': '200ms', 'probe-tail': '1s', 'switchover-timeout': '5m' })
    expect(result.errors).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'ok', 'deployment-id': id, status: 'SWITCHOVER_COMPLETED', 'lost-writes': '0' })
    expect(Number(result.outputs['write-downtime-ms'])).toBeGreaterThan(400)
    expect(Number(result.outputs['read-downtime-ms'])).toBeGreaterThan(0)
    expect(Number(result.outputs['read-downtime-ms'])).toBeLessThan(Number(result.outputs['write-downtime-ms']))

    // The probe log: the default path under RUNNER_TEMP, NDJSON the library reads back.
    const path = result.outputs['probe-log-path']!
    expect(path).toBe(join(result.runnerTemp, 'rds-blue-green', 'orders-switchover-probes.ndjson'))
    const log = readProbeLog(path)
    expect(log.header).toMatchObject({ endpoint: { host: '127.0.0.1', port: sandbox.instance('orders').proxy.port }, intervalMs: 200, heartbeatTable: 'rds_blue_green.heartbeat' })
    expect(log.records.some((r) => r.outcome === 'read-only')).toBe(true)
    expect(log.records.at(-1)?.outcome).toBe('ok')
    const text = readFileSync(path, 'utf8')
    expect(text.split('\n')[0]).toMatch(/^\{"type":"header"/)

    // The job summary: verdict, the timeline chart, the probe chart; no secret anywhere.
    expect(result.summary).toMatch(/^### ✅ switchover completed in \d+(\.\d)? s; writes failed \d+ ms, reads \d+ ms; 0 lost writes/)
    expect(result.summary).toMatch(/#### Switchover timeline\n\n```mermaid\n%%\{init: .*\}%%\ngantt/)
    expect(result.summary).toMatch(/#### Endpoint probes\n\n```mermaid\n%%\{init: .*\}%%\ngantt/)
    const report = readFileSync(result.outputs['report-path']!, 'utf8')
    for (const output of [result.logLines.join('\n'), result.summary, text, report]) {
      expect(output).not.toContain(sandbox.env.SANDBOX_DB_PASSWORD!)
    }
    expect(sandbox.state.instances.has('orders-old1')).toBe(true)
  }, 60_000)

  it('switchover again: says it is done, changes nothing, exit 0', async () => {
    const result = await run({ mode: 'switchover' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'ok', status: 'SWITCHOVER_COMPLETED' })
    expect(result.outputs['probe-log-path']).toBeUndefined()
    expect(result.summary.split('\n')[0]).toBe(`### ✅ switchover: already completed (deployment ${id}); nothing to do`)
    expect(result.summary).not.toContain('**Changes made**')
  }, 60_000)

  it('cleanup deletes the old blue with a snapshot and the deployment; again: nothing to do', async () => {
    const result = await run({ mode: 'cleanup', 'delete-old': 'true', 'drop-heartbeat-table': 'true' })
    expect(result.errors).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ verdict: 'ok', 'deployment-id': id, status: 'DELETED' })
    expect(result.summary.split('\n')[0]).toBe(`### ✅ cleanup: deleted old blue orders-old1; deleted deployment ${id}; dropped the heartbeat table on orders`)
    expect(sandbox.state.instances.has('orders-old1')).toBe(false)
    const { DBSnapshots } = await rdsClient(sandbox).send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'orders-old1' }))
    expect(DBSnapshots?.map((s) => s.Status)).toEqual(['available'])

    const again = await run({ mode: 'cleanup', 'delete-old': 'true', 'drop-heartbeat-table': 'true' })
    expect(again.exitCode).toBe(0)
    expect(again.outputs).toMatchObject({ verdict: 'ok', status: 'NOT_FOUND' })
    expect(again.summary.split('\n')[0]).toBe('### ✅ cleanup: nothing to do')
  }, 60_000)
})
