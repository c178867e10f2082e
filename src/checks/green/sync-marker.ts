// Seed 000 step 5, automated: write a row on blue and look for it on green. A marker row
// with a unique token goes into the action's heartbeat table on blue (through act(), so a
// dry run lists it and writes nothing), and green is polled for it: 1, 2, 4, 8, 16 ms apart
// at first (replication on a healthy green takes a few ms, so the first polls resolve it
// finely), then every `pollMs` (20 ms by default, under the 50 ms the issue asks for). The
// lag reported is the time from blue acknowledging the write to the poll that found it on
// green: an upper bound, at most one pause above the true lag.
import { randomUUID } from 'node:crypto'
import type { Endpoint } from '../../db/connector.js'
import { createHeartbeatSql, ensureHeartbeatTable, type HeartbeatTable, insertHeartbeatSql, qualified, writeHeartbeat } from '../../db/heartbeat.js'
import type { CheckResult } from './types.js'
import { finding } from '../../findings/finding.js'
import { describeSql, rows, type Queryable } from '../../db/sql.js'
import { ER, errno } from '../../db/errno.js'
import type { WaitProgress } from '../../progress.js'

export interface SyncMarkerDeps {
  /** ModeContext.act: runs a write, or in dry-run records it and returns undefined. */
  act<T>(description: string, fn: () => Promise<T>): Promise<T | undefined>
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** ModeContext.progress: a line at the progress-interval while the marker is awaited (sync-timeout can be an hour). */
  progress?: (what: string, timeoutMs?: number) => Pick<WaitProgress, 'note' | 'tick'>
}

export interface SyncMarkerOptions {
  table: HeartbeatTable
  timeoutMs: number
  /** Blue's endpoint, named in the recorded writes. */
  blueEndpoint: Endpoint
  pollMs?: number
}

export interface SyncMarkerResult extends CheckResult {
  outcome: 'arrived' | 'timeout' | 'skipped'
  lagMs?: number
  token?: string
  /** Polls of green made. */
  polls: number
}

export const DEFAULT_POLL_MS = 20

export async function runSyncMarker(
  deps: SyncMarkerDeps,
  blue: Queryable,
  green: Queryable,
  options: SyncMarkerOptions,
): Promise<SyncMarkerResult> {
  const { table } = options
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS
  const subject = `${table.schema}.${table.table}`
  const exists = await rows(blue, 'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema, table.table])
  if (exists.length === 0) {
    await deps.act(describeSql(options.blueEndpoint, createHeartbeatSql(table).join('; ')), () => ensureHeartbeatTable(blue, table))
  }
  const token = `verify-${randomUUID()}`
  const written = await deps.act(describeSql(options.blueEndpoint, insertHeartbeatSql(table)), async () => {
    await writeHeartbeat(blue, table, 'marker', token)
    return deps.now()
  })
  if (written === undefined) {
    return {
      outcome: 'skipped',
      polls: 0,
      metrics: [],
      findings: [finding({ code: 'SYNC_NOT_CHECKED', subject, message: 'Dry run: the marker row was not written on blue, so replication was not proven end to end.' })],
    }
  }
  const acknowledged = written
  const progress = deps.progress?.('the marker row to reach green', options.timeoutMs)
  progress?.note(`written on blue (token ${token}), polling green every ${pollMs} ms`)
  const select = `SELECT 1 FROM ${qualified(table)} WHERE token = ? AND seq = 0 LIMIT 1`
  let polls = 0
  for (;;) {
    polls++
    let found = false
    try {
      found = (await rows(green, select, [token])).length > 0
    } catch (error) {
      // The table (or schema) itself may still be on its way to green.
      const n = errno(error)
      if (n !== ER.NO_SUCH_TABLE && n !== ER.BAD_DB) throw error
    }
    const elapsed = deps.now() - acknowledged
    if (found) {
      const lagMs = Math.max(0, elapsed)
      return {
        outcome: 'arrived',
        lagMs,
        token,
        polls,
        findings: [],
        metrics: [{ name: 'replica-lag', value: lagMs, unit: 'ms', label: `Marker row blue -> green (${polls} polls of green, at most ${pollMs} ms apart)` }],
      }
    }
    if (elapsed >= options.timeoutMs) {
      return {
        outcome: 'timeout',
        token,
        polls,
        metrics: [],
        findings: [
          finding({
            code: 'REPLICATION_SYNC_TIMEOUT',
            subject,
            message: `A marker row written on blue (token ${token}) did not appear on green within sync-timeout (${Math.round(options.timeoutMs / 100) / 10} s, ${polls} polls): green is not receiving or not applying blue's writes in time.`,
          }),
        ],
      }
    }
    progress?.tick()
    const pause = Math.min(pollMs, 2 ** (polls - 1))
    await deps.sleep(Math.min(pause, Math.max(1, options.timeoutMs - elapsed)))
  }
}
