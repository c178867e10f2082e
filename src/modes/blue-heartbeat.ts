// One row in the action's own heartbeat table on blue (never a user table), so that blue's
// binary log holds a transaction before green is created from it: without one, green starts
// from a position before the binlog and fails with error 1236 (seed 000). Prepare writes it
// after a reboot or after turning on backups; create writes it before creating when blue's
// binlog holds no transaction. Connecting is retried: right after a reboot the endpoint may
// refuse connections for a moment although RDS already reports the instance available.
import { createHeartbeatSql, ensureHeartbeatTable, insertHeartbeatSql, qualified, writeHeartbeat } from '../db/heartbeat.js'
import { closeQuietly, type Connection, type Endpoint } from '../db/connector.js'
import type { Mode } from '../mode.js'
import type { ModeContext } from './context.js'
import { describeSql } from '../db/sql.js'
import { errorLine } from '../error-line.js'

/** A connection to blue, retried until it succeeds or `timeoutMs` passes. */
export async function connectWithRetry<M extends Mode>(ctx: ModeContext<M>, endpoint: Endpoint, what: string, timeoutMs: number): Promise<Connection> {
  return ctx.poll({
    what: `a connection to ${what} at ${endpoint.host}:${endpoint.port}`,
    timeoutMs,
    initialDelayMs: 1000,
    maxDelayMs: 10_000,
    check: async () => {
      try {
        return { done: true, value: await ctx.db.connect(endpoint) }
      } catch (error) {
        return { done: false, status: errorLine(error) }
      }
    },
  })
}

/** Ensures the heartbeat table and writes one row of kind 'prepare' (through act: listed in dry-run). */
export async function writeBlueHeartbeat<M extends Mode>(ctx: ModeContext<M>, endpoint: Endpoint, what: string, token: string): Promise<void> {
  const table = ctx.inputs.db.heartbeatTable
  // The statements in short (the full CREATE TABLE is in src/db/heartbeat.ts).
  const sql = `${createHeartbeatSql(table)[0]}; CREATE TABLE IF NOT EXISTS ${qualified(table)} (...); ${insertHeartbeatSql(table).replace('?, ?, ?', `'prepare', '${token}', 0`)}`
  await ctx.act(describeSql(endpoint, sql), async () => {
    const conn = await connectWithRetry(ctx, endpoint, what, ctx.inputs.waitTimeoutMs)
    try {
      await ensureHeartbeatTable(conn, table)
      await writeHeartbeat(conn, table, 'prepare', token)
    } finally {
      await closeQuietly(conn)
    }
  })
}

/** A token for the heartbeat row: which mode wrote it and when. */
export function heartbeatToken(mode: Mode, now: number): string {
  return `${mode}-${new Date(now).toISOString()}`
}
