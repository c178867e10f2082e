// A switchover someone else started (here through the SDK) is still running when the mode
// starts: the mode does not call SwitchoverBlueGreenDeployment again, follows it to its end,
// confirms the new primary, and says the interruption was not measured.
import { SwitchoverBlueGreenDeploymentCommand, type RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, modeContext, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('a switchover already in progress', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  const closers: Array<() => void> = []

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, switchover: { readOnlyMs: 1500, unavailableMs: 300, postProcessingMs: 100 } } })
    restore = useSandboxEndpoint(sandbox)
    const harness = modeContext(sandbox, 'switchover')
    closers.push(harness.close)
    rds = harness.ctx.rds
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('is followed to its end and checked, without a second call', async () => {
    const { id, green } = await createDeployment(sandbox, rds, 'shop')
    const greenServerId = sandbox.instance(green).serverId
    await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
    const harness = modeContext(sandbox, 'switchover')
    closers.push(harness.close)
    const report = await runMode(harness.ctx)
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([])
    expect(report.verdict.ok).toBe(true)
    expect(report.verdict.headline).toMatch(/^switchover completed \(followed for \d+(\.\d)? s; interruption not measured\)$/)
    expect(codes(report.findings)).toEqual(['SWITCHOVER_FOLLOWED', 'NEW_PRIMARY_CONFIRMED', 'OLD_BLUE_READ_ONLY'])
    expect(report.outputs.status).toBe('SWITCHOVER_COMPLETED')
    // Its only changes: the heartbeat table (never created by the run that started the
    // switchover) and the write that proves the new primary takes writes.
    expect(report.actions?.map((a) => a.description.replace(/^SQL on [\d.:]+: (\w+ \w+).*/, '$1'))).toEqual(['CREATE TABLE', 'INSERT INTO'])
    expect(sandbox.instance('shop').serverId).toBe(greenServerId)
  })
})
