// act() is how `dry-run: true` lists the changes a mode would make and makes none.
import { describe, expect, it } from '@jest/globals'
import { RebootDBInstanceCommand } from '@aws-sdk/client-rds'
import { createAwsClients } from '../../../src/aws/clients.js'
import { createDbConnector } from '../../../src/db/connector.js'
import { parseInputs, readerFromObject } from '../../../src/inputs/index.js'
import type { InputName } from '../../../src/inputs/spec.js'
import { memoryLogger } from '../../../src/log.js'
import { describeSql } from '../../../src/db/sql.js'
import { createModeContext, describeCall } from '../../../src/modes/context.js'
import { SecretRegistry } from '../../../src/secrets/registry.js'

function context(dryRun: boolean) {
  const values: Partial<Record<InputName, string>> = { mode: 'prepare', source: 'orders-db', 'aws-region': 'us-east-1', 'dry-run': String(dryRun) }
  const inputs = parseInputs(readerFromObject(values), {})
  if (inputs.mode !== 'prepare') throw new Error('mode')
  const lines: string[] = []
  const log = memoryLogger(lines)
  const secrets = new SecretRegistry(() => undefined)
  secrets.add('s3cret-value')
  const aws = createAwsClients({ region: 'us-east-1', maxAttempts: 1, credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) })
  const db = createDbConnector(inputs.db, async () => ({ user: 'u', password: 'p', cleartext: false }))
  let t = 1000
  const ctx = createModeContext(inputs, { aws, db, log, secrets, now: () => (t += 10), sleep: async () => undefined })
  return { ctx, lines }
}

describe('ModeContext.act', () => {
  it('in dry-run records "would run" and does not run the change', async () => {
    const { ctx, lines } = context(true)
    let ran = false
    const command = new RebootDBInstanceCommand({ DBInstanceIdentifier: 'orders-db' })
    const result = await ctx.act(describeCall(command), async () => {
      ran = true
      return 'rebooted'
    })
    expect(ran).toBe(false)
    expect(result).toBeUndefined()
    expect(lines).toEqual(['dry-run: would run RebootDBInstance {"DBInstanceIdentifier":"orders-db"}'])
    const report = ctx.report.build()
    expect(report.dryRun).toBe(true)
    expect(report.actions).toEqual([{ at: expect.any(Number), description: 'RebootDBInstance {"DBInstanceIdentifier":"orders-db"}', outcome: 'skipped' }])
  })

  it('otherwise runs the change and records it, or records the failure and rethrows', async () => {
    const { ctx, lines } = context(false)
    const endpoint = { host: 'orders-db.abc.us-east-1.rds.amazonaws.com', port: 3306 }
    expect(await ctx.act(describeSql(endpoint, 'INSERT INTO t\n  VALUES (1)'), async () => 'inserted')).toBe('inserted')
    await expect(ctx.act('ModifyDBInstance {"MasterUserPassword":"s3cret-value"}', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused')
    expect(ctx.report.build().actions?.map((a) => [a.description, a.outcome])).toEqual([
      ['SQL on orders-db.abc.us-east-1.rds.amazonaws.com:3306: INSERT INTO t VALUES (1)', 'done'],
      // A secret in a description never reaches the log or the report.
      ['ModifyDBInstance {"MasterUserPassword":"***"}', 'failed'],
    ])
    expect(lines[1]).toBe('running ModifyDBInstance {"MasterUserPassword":"***"}')
  })

  it('gives the mode its typed inputs, an RDS client in the run\'s region, and a report for its source', async () => {
    const { ctx } = context(false)
    expect(ctx.inputs.mode).toBe('prepare')
    expect(await ctx.rds.config.region()).toBe('us-east-1')
    expect(ctx.report.build()).toMatchObject({ mode: 'prepare', source: 'orders-db', dryRun: false })
    ctx.aws.destroy()
  })
})

describe('ModeContext: time-limit', () => {
  function timed(limit: string | undefined) {
    const values: Partial<Record<InputName, string>> = { mode: 'create', source: 'orders-db', 'aws-region': 'us-east-1', ...(limit ? { 'time-limit': limit } : {}) }
    const inputs = parseInputs(readerFromObject(values), {})
    if (inputs.mode !== 'create') throw new Error('mode')
    let t = 1_000_000
    const lines: string[] = []
    const aws = createAwsClients({ region: 'us-east-1', maxAttempts: 1, credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) })
    const db = createDbConnector(inputs.db, async () => ({ user: 'u', password: 'p', cleartext: false }))
    const ctx = createModeContext(inputs, { aws, db, log: memoryLogger(lines), secrets: new SecretRegistry(() => undefined), now: () => t, sleep: async (ms) => void (t += ms) })
    return { ctx, lines, start: 1_000_000, now: () => t }
  }

  it("ends every wait 5 minutes before the job's limit, whatever the wait's own timeout", async () => {
    const { ctx, start, now, lines } = timed('90m')
    expect(ctx.deadline).toBe(start + 85 * 60_000)
    expect(ctx.timeLeft(2 * 3600_000)).toBe(85 * 60_000)
    expect(ctx.timeLeft(60_000)).toBe(60_000)
    await expect(ctx.poll({ what: 'green to be available', timeoutMs: 2 * 3600_000, check: async () => ({ done: false, status: 'creating' }) })).rejects.toThrow(
      /^Timed out after 5100 s waiting for green to be available \(last status: creating\)$/,
    )
    expect(now() - start).toBe(85 * 60_000)
    expect(lines[0]).toBe('waiting for green to be available: creating (0 ms elapsed of at most 1 h 25 min)')
  })

  it('without time-limit, only the wait\'s own timeout ends it', () => {
    const { ctx } = timed(undefined)
    expect(ctx.deadline).toBe(Number.POSITIVE_INFINITY)
    expect(ctx.timeLeft(2 * 3600_000)).toBe(2 * 3600_000)
  })
})
