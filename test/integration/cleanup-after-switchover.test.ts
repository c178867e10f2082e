// cleanup after a switchover, on the sandbox: a dry run lists the calls and changes nothing;
// the real run deletes the old blue (shop-old1) with a final snapshot that DescribeDBSnapshots
// shows, then the deployment without DeleteTarget, and drops the action's heartbeat table on
// the new primary (a user table named as heartbeat-table is never dropped); the second run
// finds nothing to do and says so.
import { DescribeDBSnapshotsCommand, type RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { Sandbox } from '../../sandbox/index.js'
import { createHeartbeatSql } from '../../src/db/heartbeat.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, describeDeployment, modeContext, switchOver, useSandboxEndpoint } from '../helpers/sandbox-modes.js'

describe('cleanup after a switchover', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let id: string
  const closers: Array<() => void> = []

  const cleanup = async (inputs: Parameters<typeof modeContext>[2]) => {
    const harness = modeContext(sandbox, 'cleanup', inputs)
    closers.push(harness.close)
    return { report: await runMode(harness.ctx), log: harness.log }
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, deleteMs: 100, switchover: { readOnlyMs: 100, unavailableMs: 100, postProcessingMs: 50 } } })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'cleanup').ctx.rds
    // The heartbeat table as prepare creates it, on blue before the deployment (so green has it too).
    for (const sql of createHeartbeatSql({ schema: 'rds_blue_green', table: 'heartbeat' })) await sandbox.server('shop').query(sql)
    const created = await createDeployment(sandbox, rds, 'shop')
    id = created.id
    expect((await switchOver(rds, id)).Status).toBe('SWITCHOVER_COMPLETED')
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('dry run: lists the deletions, deletes nothing', async () => {
    const { report } = await cleanup({ 'delete-old': 'true', 'drop-heartbeat-table': 'true', 'dry-run': 'true' })
    expect(report.verdict).toEqual({ ok: true, headline: 'cleanup (dry run): 3 changes listed, none made' })
    expect(report.actions?.map((a) => [a.description.split(' ')[0], a.outcome])).toEqual([
      ['DeleteDBInstance', 'skipped'],
      ['DeleteBlueGreenDeployment', 'skipped'],
      ['SQL', 'skipped'],
    ])
    expect(report.actions?.[0]?.description).toMatch(/^DeleteDBInstance \{"DBInstanceIdentifier":"shop-old1","FinalDBSnapshotIdentifier":"shop-old1-final-\d{8}-\d{6}"\}$/)
    expect(report.actions?.[1]?.description).toBe(`DeleteBlueGreenDeployment {"BlueGreenDeploymentIdentifier":"${id}","DeleteTarget":false}`)
    expect(report.actions?.[2]?.description).toMatch(/DROP TABLE IF EXISTS `rds_blue_green`.`heartbeat`$/)
    expect(sandbox.state.instances.has('shop-old1')).toBe(true)
    expect((await describeDeployment(rds, id)).Status).toBe('SWITCHOVER_COMPLETED')
  })

  it('deletes the old blue with a final snapshot, then the deployment; drops the heartbeat table on the new primary', async () => {
    const oldServer = sandbox.instance('shop-old1').serverId
    const newServer = sandbox.instance('shop').serverId
    const { report } = await cleanup({ 'delete-old': 'true', 'drop-heartbeat-table': 'true' })
    expect(report.verdict.ok).toBe(true)
    expect(report.verdict.headline).toBe(`cleanup: deleted old blue shop-old1; deleted deployment ${id}; dropped the heartbeat table on shop`)
    expect(codes(report.findings)).toEqual(['OLD_BLUE_DELETED', 'FINAL_SNAPSHOT_TAKEN', 'DEPLOYMENT_DELETED', 'HEARTBEAT_TABLE_DROPPED'])
    expect(report.outputs).toMatchObject({ 'deployment-id': id, status: 'DELETED' })

    // The old blue is gone, the new primary (the former green) is untouched.
    expect(sandbox.state.instances.has('shop-old1')).toBe(false)
    expect(sandbox.instance('shop').serverId).toBe(newServer)
    expect(newServer).not.toBe(oldServer)
    // The snapshot as any RDS client sees it, and its content (a real dump of the old blue).
    const snapshotId = /final snapshot (\S+)\./.exec(report.findings[0]!.message)![1]!
    const { DBSnapshots } = await rds.send(new DescribeDBSnapshotsCommand({ DBInstanceIdentifier: 'shop-old1' }))
    expect(DBSnapshots?.map((s) => [s.DBSnapshotIdentifier, s.Status])).toEqual([[snapshotId, 'available']])
    expect(readFileSync(sandbox.state.snapshots.get(snapshotId)!.file, 'utf8')).toContain('CREATE TABLE `users`')
    // The deployment is gone.
    await expect(describeDeployment(rds, id)).rejects.toMatchObject({ name: 'BlueGreenDeploymentNotFoundFault' })
    // Deleted with DeleteTarget=false, and in this order: old blue first.
    expect(report.actions?.map((a) => a.description.split(' ')[0])).toEqual(['DeleteDBInstance', 'DeleteBlueGreenDeployment', 'SQL'])
    expect(report.actions?.[1]?.description).toContain('"DeleteTarget":false')
    // The heartbeat table is gone on the new primary; the user's data is not.
    const [tables] = await sandbox.server('shop').query<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'rds_blue_green'")
    expect(Number(tables!.n)).toBe(0)
    const [users] = await sandbox.server('shop').query<{ n: number }>('SELECT COUNT(*) AS n FROM app.users')
    expect(Number(users!.n)).toBeGreaterThan(0)
  })

  it('run again: nothing to do, says so, changes nothing (exit 0)', async () => {
    const { report } = await cleanup({ 'delete-old': 'true', 'drop-heartbeat-table': 'true' })
    expect(report.verdict).toEqual({ ok: true, headline: 'cleanup: nothing to do' })
    expect(codes(report.findings)).toEqual(['CLEANUP_NOTHING_TO_DO', 'HEARTBEAT_TABLE_ABSENT'])
    expect(report.findings[0]?.message).toBe('No Blue/Green Deployment belongs to shop: there is nothing to delete.')
    expect(report.actions).toEqual([])
    expect(report.outputs.status).toBe('NOT_FOUND')
  })

  it('never drops a table without the action\'s marker comment (a user table named as heartbeat-table)', async () => {
    const { report } = await cleanup({ 'drop-heartbeat-table': 'true', 'heartbeat-table': 'app.users' })
    expect(codes(report.findings)).toEqual(['HEARTBEAT_TABLE_NOT_OURS', 'CLEANUP_NOTHING_TO_DO'])
    expect(report.verdict.ok).toBe(false)
    expect(report.actions).toEqual([])
    const [users] = await sandbox.server('shop').query<{ n: number }>('SELECT COUNT(*) AS n FROM app.users')
    expect(Number(users!.n)).toBeGreaterThan(0)
  })
})
