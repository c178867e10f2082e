// cleanup before a switchover, on the sandbox: without abandon it refuses with a clear
// message and changes nothing; with abandon: true it deletes the deployment with
// DeleteTarget=true, green's instance is gone, and blue is untouched (same server, same
// endpoint, still writable, its data intact). A second run finds nothing to do.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, describeDeployment, modeContext, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('cleanup with abandon, before a switchover', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  const closers: Array<() => void> = []

  const cleanup = async (inputs: Parameters<typeof modeContext>[2]) => {
    const harness = modeContext(sandbox, 'cleanup', inputs)
    closers.push(harness.close)
    return runMode(harness.ctx)
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, deleteMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'cleanup').ctx.rds
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('refuses a deployment that has not switched over unless abandon is given; deletes green with it, never blue', async () => {
    const { id, green } = await createDeployment(sandbox, rds, 'shop')
    const blueServer = sandbox.instance('shop').serverId
    const bluePort = sandbox.instance('shop').proxy.port

    const refused = await cleanup({ 'delete-old': 'true' })
    expect(refused.verdict.ok).toBe(false)
    expect(codes(refused.findings)).toEqual(['DEPLOYMENT_NOT_SWITCHED_OVER'])
    expect(refused.findings[0]?.message).toBe(
      `Deployment ${id} is AVAILABLE: it has not switched over, so blue (shop) is still production and green has not served anyone. Cleanup changed nothing.`,
    )
    expect(refused.findings[0]?.remedy).toContain('abandon: true')
    expect(refused.actions).toEqual([])
    expect((await describeDeployment(rds, id)).Status).toBe('AVAILABLE')
    expect(sandbox.state.instances.has(green)).toBe(true)

    const report = await cleanup({ abandon: 'true' })
    expect(report.verdict).toEqual({ ok: true, headline: `cleanup: abandoned deployment ${id}: green deleted, blue shop untouched` })
    expect(codes(report.findings)).toEqual(['DEPLOYMENT_ABANDONED', 'GREEN_DELETED', 'BLUE_UNTOUCHED'])
    expect(report.actions?.map((a) => a.description)).toEqual([`DeleteBlueGreenDeployment {"BlueGreenDeploymentIdentifier":"${id}","DeleteTarget":true}`])
    await expect(describeDeployment(rds, id)).rejects.toMatchObject({ name: 'BlueGreenDeploymentNotFoundFault' })
    expect(sandbox.state.instances.has(green)).toBe(false)
    // Blue: same server behind the same endpoint, writable, data intact.
    expect(sandbox.instance('shop')).toMatchObject({ serverId: blueServer, status: 'available' })
    expect(sandbox.instance('shop').proxy.port).toBe(bluePort)
    const conn = await sandbox.connect({ instance: 'shop' })
    await conn.query("INSERT INTO app.users (email, name) VALUES ('after-abandon@example.com', 'After')")
    const [rows] = await conn.query('SELECT COUNT(*) AS n FROM app.users')
    await conn.end()
    expect(Number((rows as { n: number }[])[0]!.n)).toBeGreaterThan(1)

    const again = await cleanup({ abandon: 'true' })
    expect(again.verdict).toEqual({ ok: true, headline: 'cleanup: nothing to do' })
    expect(codes(again.findings)).toEqual(['CLEANUP_NOTHING_TO_DO'])
    expect(again.findings[0]?.message).toBe('No Blue/Green Deployment belongs to shop: there is nothing to delete or abandon.')
  })
})
