// Shared set-up for the prober's integration tests: a real server with the heartbeat table
// and an ordinary application user. The user matters: root (and any holder of SUPER or
// READ_ONLY ADMIN) writes through read_only on MariaDB, so only an ordinary user sees 1290.
import type { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { createHeartbeatSql, type HeartbeatTable } from '../../src/db/heartbeat.js'
import { monotonicClock } from '../../src/probe/clock.js'

export const HEARTBEAT: HeartbeatTable = { schema: 'rds_blue_green', table: 'heartbeat' }
export const APP_USER = 'probe_app'
export const APP_PASSWORD = 'Pr0be-Secret-pw-7731'

export async function prepareProbeTarget(server: DatabaseServer): Promise<void> {
  for (const sql of createHeartbeatSql(HEARTBEAT)) await server.query(sql)
  await server.query(`CREATE USER IF NOT EXISTS '${APP_USER}'@'%' IDENTIFIED BY '${APP_PASSWORD}'`)
  await server.query(`GRANT SELECT, INSERT ON \`${HEARTBEAT.schema}\`.* TO '${APP_USER}'@'%'`)
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `check` until it holds or `ms` pass; returns its last value. */
export async function until(check: () => boolean, ms = 1000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!check() && Date.now() < deadline) await sleep(10)
  return check()
}

/** The prober's own clock, so test timestamps compare with probe timestamps. */
export const now = (): number => monotonicClock.now()

let tokens = 0
export function runToken(name: string): string {
  return `${name}-${process.pid}-${++tokens}`
}

/**
 * How far a measured downtime is from the true outage, with the run's outcomes attached so
 * that a failing assertion shows what the probes saw: [within, context].
 */
export function deviation(measuredMs: number, trueMs: number, records: ReadonlyArray<{ outcome: string; startedAt: number; scheduledAt: number; latencyMs: number; error?: { code?: string } }>): number {
  const off = Math.abs(measuredMs - trueMs)
  if (off > 100) {
    // printed only when the figure is off by more than an interval, to show what the probes saw
    const t0 = records[0]?.scheduledAt ?? 0
    const lines = records.map((r) => `${(r.startedAt - t0).toFixed(1)} +${(r.startedAt - r.scheduledAt).toFixed(1)} ${r.outcome} ${r.error?.code ?? ''} ${r.latencyMs.toFixed(1)}ms`)
    console.log(`measured ${measuredMs.toFixed(1)} ms, true ${trueMs.toFixed(1)} ms\n${lines.join('\n')}`)
  }
  return off
}
