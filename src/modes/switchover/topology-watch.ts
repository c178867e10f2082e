// mysql.rds_topology during the switchover: RDS for MySQL (and Aurora MySQL 3.07+) shows the
// phase inside the database (SWITCHOVER_INITIATED, SWITCHOVER_IN_PROGRESS,
// SWITCHOVER_IN_POST_PROCESSING, SWITCHOVER_COMPLETED). Read through the production
// endpoint on one connection, which the switchover drops: a failed read throws the
// connection away and the next tick opens a new one (bounded by a short connect timeout, so
// a hung endpoint only delays this watcher, never the mode). Changes are recorded with the
// time they were first seen.
import type { Connection } from '../../db/connector.js'
import { ER, errno } from '../../db/errno.js'
import type { Queryable } from '../../db/sql.js'

export interface TopologyChange {
  /** When the watcher first read this phase (epoch ms). */
  at: number
  /** The distinct statuses of the rows, e.g. "SWITCHOVER_IN_PROGRESS". */
  status: string
  /** server_id of the server that answered. */
  serverId: number
}

export interface TopologyWatcher {
  readonly changes: readonly TopologyChange[]
  /** Reads failed (connection dropped, refused, timed out); expected while the endpoint moves. */
  readonly failedReads: number
  stop(): Promise<TopologyChange[]>
}

export interface TopologyWatchOptions {
  connect: () => Promise<Connection>
  periodMs?: number
  queryTimeoutMs?: number
  now?: () => number
}


const SQL = 'SELECT DISTINCT status, @@server_id AS server_id FROM mysql.rds_topology ORDER BY status'

async function readPhase(conn: Connection, timeout: number): Promise<{ status: string; serverId: number }> {
  const [rows] = (await conn.query({ sql: SQL, timeout })) as unknown as [Array<{ status: string; server_id: number }>]
  return { status: rows.map((r) => r.status).join(' / ') || '(empty)', serverId: Number(rows[0]?.server_id ?? 0) }
}

/**
 * Whether mysql.rds_topology can be read on this connection: false on engines without it
 * (Aurora MySQL before 3.07: 1146) or without SELECT on it (1142).
 */
export async function topologyReadable(conn: Queryable): Promise<boolean> {
  try {
    await conn.query('SELECT 1 FROM mysql.rds_topology LIMIT 1')
    return true
  } catch (error) {
    const n = errno(error)
    if (n === ER.NO_SUCH_TABLE || n === ER.TABLEACCESS_DENIED) return false
    throw error
  }
}

export function watchTopology(options: TopologyWatchOptions): TopologyWatcher {
  const period = options.periodMs ?? 200
  const timeout = options.queryTimeoutMs ?? 1000
  const now = options.now ?? Date.now
  const changes: TopologyChange[] = []
  let failedReads = 0
  let stopped = false
  let conn: Connection | undefined
  let wake: (() => void) | undefined

  const drop = (): void => {
    conn?.destroy()
    conn = undefined
  }

  const loop = (async () => {
    while (!stopped) {
      const tick = now()
      try {
        conn ??= await options.connect()
        const phase = await readPhase(conn, timeout)
        if (changes[changes.length - 1]?.status !== phase.status) changes.push({ at: now(), ...phase })
      } catch {
        failedReads++
        drop()
      }
      if (stopped) break
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, tick + period - now()))
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    }
    drop()
  })()

  return {
    changes,
    get failedReads() {
      return failedReads
    },
    async stop() {
      stopped = true
      wake?.()
      await loop
      return [...changes]
    },
  }
}
