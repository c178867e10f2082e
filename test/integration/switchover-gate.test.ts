// The switchover gate on the sandbox. It refuses, changing nothing (no heartbeat table, no
// probe, no call), while a schema change is queued on blue behind an open transaction (a
// metadata-lock wait), while one is running (CREATE TABLE ... AS SELECT SLEEP), and while
// green's replication is broken (breakReplication). force: true overrides the gate: the
// call is made, RDS itself refuses a green whose replication is broken, and blue keeps
// serving and taking writes.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { Connection } from 'mysql2/promise'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { codes, createDeployment, describeDeployment, modeContext, useSandboxEndpoint, waitFor } from '../helpers/sandbox-modes.js'

describe('the switchover gate', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let id: string
  let green: string
  const closers: Array<() => void> = []

  const switchover = async (inputs: Parameters<typeof modeContext>[2] = {}) => {
    const harness = modeContext(sandbox, 'switchover', { 'probe-interval': '200ms', 'probe-tail': '0s', ...inputs })
    closers.push(harness.close)
    return runMode(harness.ctx)
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, replicationPollMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    rds = modeContext(sandbox, 'switchover').ctx.rds
    ;({ id, green } = await createDeployment(sandbox, rds, 'shop'))
  })
  afterAll(async () => {
    for (const close of closers) close()
    restore?.()
    await sandbox?.stop()
  })

  it('refuses while a schema change waits for a metadata lock on blue, and while one runs', async () => {
    const holder: Connection = await sandbox.connect({ instance: 'shop' })
    const migrator: Connection = await sandbox.connect({ instance: 'shop' })
    const creator: Connection = await sandbox.connect({ instance: 'shop' })
    try {
      await holder.query('BEGIN')
      await holder.query('SELECT COUNT(*) FROM app.users')
      const alter = migrator.query('/* migration 42 */ ALTER TABLE app.users ADD COLUMN nickname VARCHAR(40) NULL')
      const slow = creator.query('CREATE TABLE app.slow_copy AS SELECT SLEEP(5) AS s')
      await waitFor(
        () => sandbox.server('shop').query<{ n: number }>("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE STATE LIKE '%metadata lock%' OR INFO LIKE 'CREATE TABLE app.slow_copy%'"),
        (rows) => Number(rows[0]?.n) === 2,
      )

      const report = await switchover()
      expect(report.verdict.ok).toBe(false)
      expect(report.verdict.headline).toBe('switchover refused: 2 blocking findings (DDL_RUNNING_ON_BLUE, METADATA_LOCK_WAIT_ON_BLUE); nothing was changed')
      const ddl = report.findings.find((f) => f.code === 'DDL_RUNNING_ON_BLUE')!
      expect(ddl.message).toMatch(/^A CREATE statement has been running on blue for \d+ s \(connection \d+ of admin@127\.0\.0\.1/)
      expect(ddl.remedy).toMatch(/CALL mysql\.rds_kill_query\(\d+\)/)
      const mdl = report.findings.find((f) => f.code === 'METADATA_LOCK_WAIT_ON_BLUE')!
      // The comment before ALTER is skipped; the statement text itself is never read.
      expect(mdl.message).toMatch(/^1 session on blue wait for a metadata lock \(ALTER; longest \d+ s/)
      expect(mdl.message).not.toContain('nickname')
      expect(report.actions).toEqual([])
      expect(report.outputs['probe-log-path']).toBeUndefined()
      expect((await describeDeployment(rds, id)).Status).toBe('AVAILABLE')

      await holder.query('COMMIT')
      await alter
      await slow
    } finally {
      for (const c of [holder, migrator, creator]) await c.end().catch(() => undefined)
    }
  })

  it('refuses while green replication is broken; force: true overrides the gate and RDS refuses; blue keeps serving', async () => {
    // A table created on green, then on blue: green's SQL thread stops with 1050.
    await sandbox.breakReplication(green, 'sql')
    await waitFor(() => sandbox.server(green).query<Record<string, unknown>>('SHOW SLAVE STATUS'), (rows) => Number(rows[0]?.Last_SQL_Errno) === 1050)

    const refused = await switchover()
    expect(refused.verdict.ok).toBe(false)
    expect(refused.verdict.headline).toMatch(/^switchover refused: \d+ blocking findings? \(.*REPLICATION_SQL_STOPPED.*\); nothing was changed$/)
    expect(refused.findings.find((f) => f.code === 'REPLICATION_SQL_STOPPED')).toMatchObject({ level: 'error', subject: green })
    expect(refused.actions).toEqual([])
    expect((await describeDeployment(rds, id)).Status).toBe('AVAILABLE')

    const forced = await switchover({ force: 'true' })
    expect(forced.verdict.ok).toBe(false)
    expect(forced.findings.find((f) => f.code === 'REPLICATION_SQL_STOPPED')).toMatchObject({ level: 'warning', message: expect.stringMatching(/\(overridden by force: true\)$/) })
    expect(forced.findings.find((f) => f.code === 'GATE_OVERRIDDEN')?.message).toMatch(/^force: true: switching over despite \d+ blocking findings? \(.*REPLICATION_SQL_STOPPED.*\)\.$/)
    expect(forced.findings.find((f) => f.code === 'SWITCHOVER_REFUSED_BY_RDS')?.message).toContain('Correct the replication errors and then switch over.')
    expect(forced.verdict.headline).toMatch(/^switchover refused by RDS: /)
    expect(forced.actions?.map((a) => [a.description.split(' ')[0], a.outcome])).toEqual([
      ['SQL', 'done'],
      ['SwitchoverBlueGreenDeployment', 'failed'],
    ])
    // The probes ran (the attempt is on record) and blue took every write.
    expect(codes(forced.findings)).toContain('PROBE_INTERRUPTION')
    expect(forced.outputs['write-downtime-ms']).toBe('0')
    expect((await describeDeployment(rds, id)).Status).toBe('AVAILABLE')
    const conn = await sandbox.connect({ instance: 'shop' })
    await conn.query("INSERT INTO app.users (email, name) VALUES ('after-refusal@example.com', 'After')")
    await conn.end()
  })
})
