// Seed 000's error 1236 through verify: backups (and so the binlog) turned on for blue, a
// deployment created with no write on blue since, green's real IO thread failing with 1236.
// verify names the cause and the fix; the fix it prints (AWS's rds_next_master_log, run on
// green as the master user) makes green replicate again and verify then says ready.
import { DescribeDBInstancesCommand, ModifyDBInstanceCommand } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { codes, createDeployment, runSql, useSandboxEndpoint, verifyContext, waitFor, waitForReplica, type VerifyHarness } from '../helpers/sandbox-modes.js'

describe("verify: seed 000's replication error 1236", () => {
  let sandbox: Sandbox
  let restore: () => void
  let green: string
  const harnesses: VerifyHarness[] = []
  const context = () => {
    const h = verifyContext(sandbox)
    harnesses.push(h)
    return h.ctx
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'legacy', backupRetention: 0 }, timings: { taskMs: 50, modifyMs: 50, replicationPollMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    const rds = context().rds
    await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: 'legacy', BackupRetentionPeriod: 1, ApplyImmediately: true }))
    await waitFor(async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'legacy' }))).DBInstances![0]!,
      (i) => i.DBInstanceStatus === 'available' && i.BackupRetentionPeriod === 1)
    ;({ green } = await createDeployment(sandbox, rds, 'legacy'))
    await waitForReplica(sandbox, green, (r) => Number(r.Last_IO_Errno) === 1236)
  })
  afterAll(async () => {
    for (const h of harnesses) h.close()
    restore?.()
    await sandbox?.stop()
  })

  let remedy = ''

  it('reports REPLICATION_BINLOG_NOT_FOUND with the cause and the fix, and green is not ready', async () => {
    const report = await runMode(context())
    expect(report.verdict.ok).toBe(false)
    expect(report.outputs.ready).toBe('false')
    const errors = report.findings.filter((f) => f.level === 'error')
    expect(codes(errors)).toEqual(['REPLICATION_BINLOG_NOT_FOUND'])
    const [finding] = errors
    expect(finding?.subject).toBe(green)
    expect(finding?.message).toContain("Green's IO thread stopped with error 1236")
    expect(finding?.message).toContain('Could not find first log file name in binary log index file')
    // Blue's first binlog is the file right after the one green asks for: seed 000's signature.
    expect(finding?.message).toMatch(/green asks blue for binary log mysql-bin-changelog\.(\d{6}) at position \d+.*Blue's binary logs start at mysql-bin-changelog\.\d{6}, the file right after the one green asks for/)
    expect(finding?.remedy).toContain('Write one row on blue after enabling the binlog')
    expect(finding?.remedy).toContain('cleanup with abandon: true, then create')
    remedy = finding?.remedy ?? ''
    // No marker row is written while the IO thread is down.
    expect(codes(report.findings)).toContain('SYNC_NOT_CHECKED')
    expect(report.actions).toEqual([])
    expect(renderMarkdown(report)).toMatch(/\| ❌ \| Replication \| IO thread No · SQL thread Yes · lag unknown · last IO error 1236 \|/)
  })

  it("the printed rds_next_master_log call, run on green, repairs replication: verify then says ready", async () => {
    const call = /CALL mysql\.rds_next_master_log\(\d+\);/.exec(remedy)?.[0]
    expect(call).toBeDefined()
    await runSql(sandbox, green, call!)
    await waitForReplica(sandbox, green, (r) => r.Slave_IO_Running === 'Yes' && Number(r.Last_IO_Errno) === 0)
    const report = await runMode(context())
    expect(report.findings.filter((f) => f.level !== 'info')).toEqual([])
    expect(report.verdict.ok).toBe(true)
    expect(Number(report.outputs['replica-lag-ms'])).toBeGreaterThanOrEqual(0)
  })
})
