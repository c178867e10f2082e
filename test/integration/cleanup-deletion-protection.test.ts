// Deletion protection on the old blue, on the sandbox: cleanup with delete-old reports it as
// an error naming the database and the exact command to turn it off, deletes nothing (not
// even the deployment, which still names the old blue), and never turns it off itself. Once
// the operator turns it off, the same cleanup run resumes and finishes, here with
// final-snapshot: false (reported as a warning: no snapshot was kept).
import { DescribeDBSnapshotsCommand, ModifyDBInstanceCommand, type RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, describeDeployment, modeContext, switchOver, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('cleanup and deletion protection', () => {
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
    sandbox = await Sandbox.start({
      instance: { id: 'ledger', deletionProtection: true },
      timings: { taskMs: 50, deleteMs: 100, switchover: { readOnlyMs: 100, unavailableMs: 100, postProcessingMs: 50 } },
    })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'cleanup').ctx.rds
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('reports protection with the command, changes nothing, and finishes once the operator turned it off', async () => {
    const { id } = await createDeployment(sandbox, rds, 'ledger')
    expect((await switchOver(rds, id)).Status).toBe('SWITCHOVER_COMPLETED')

    const blocked = await cleanup({ 'delete-old': 'true', 'final-snapshot': 'false' })
    expect(blocked.verdict.ok).toBe(false)
    expect(codes(blocked.findings)).toEqual(['DELETION_PROTECTION_ON'])
    expect(blocked.findings[0]).toMatchObject({
      subject: 'ledger-old1',
      message: 'The old blue DB instance ledger-old1 has deletion protection on, so RDS refuses to delete it; nothing was deleted.',
      remedy:
        'If it really should go, turn deletion protection off yourself: `aws rds modify-db-instance --db-instance-identifier ledger-old1 --no-deletion-protection --apply-immediately --region us-east-1`, then run cleanup again. The action never turns it off.',
    })
    expect(blocked.actions).toEqual([])
    expect(sandbox.instance('ledger-old1').deletionProtection).toBe(true)
    expect((await describeDeployment(rds, id)).Status).toBe('SWITCHOVER_COMPLETED')

    // The operator runs the command from the remedy (through the API, as the CLI would).
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'ledger-old1', DeletionProtection: false, ApplyImmediately: true }))
    const report = await cleanup({ 'delete-old': 'true', 'final-snapshot': 'false' })
    expect(report.verdict).toEqual({ ok: true, headline: `cleanup: deleted old blue ledger-old1; deleted deployment ${id}` })
    expect(codes(report.findings)).toEqual(['FINAL_SNAPSHOT_SKIPPED', 'OLD_BLUE_DELETED', 'DEPLOYMENT_DELETED'])
    expect(report.actions?.[0]?.description).toBe('DeleteDBInstance {"DBInstanceIdentifier":"ledger-old1","SkipFinalSnapshot":true}')
    expect(sandbox.state.instances.has('ledger-old1')).toBe(false)
    expect((await rds.send(new DescribeDBSnapshotsCommand({}))).DBSnapshots).toEqual([])
    // The new primary (the former green) is untouched.
    expect(sandbox.instance('ledger').status).toBe('available')
  })
})
