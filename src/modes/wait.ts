// Waiting for a database to settle after a change: available, every member available and
// every parameter group in sync. Polls describeDatabase with backoff; ctx.poll logs each
// distinct state once and a line at the progress-interval while nothing changes.
import { describeDatabase, type Database } from '../rds/database.js'
import type { DatabaseKind } from '../rds/arn.js'
import { inSync, memberGroupStatuses } from '../rds/parameter-groups.js'
import type { Mode } from '../mode.js'
import type { ModeContext } from './context.js'

/** What the state of a database (or of green, src/rds/green.ts) is read from. */
type DatabaseState = Pick<Database, 'kind' | 'status' | 'instances' | 'cluster'>

/** "available; orders: available, in-sync" */
export function describeState(db: DatabaseState): string {
  const members = memberGroupStatuses(db).map((m) => {
    const instance = db.instances.find((i) => i.DBInstanceIdentifier === m.instance)
    const groups = inSync(m) ? 'in-sync' : m.dbGroupStatus !== undefined && m.dbGroupStatus !== 'in-sync' ? m.dbGroupStatus : (m.clusterGroupStatus ?? 'unknown')
    return `${m.instance}: ${instance?.DBInstanceStatus ?? 'unknown'}, ${groups}`
  })
  return db.kind === 'cluster' ? `cluster ${db.status}; ${members.join('; ')}` : (members[0]?.replace(/^[^:]*: /, '') ?? db.status)
}

/** Available, every member available, every group in sync. */
export function settled(db: DatabaseState): boolean {
  return (
    db.status === 'available' &&
    db.instances.every((i) => i.DBInstanceStatus === 'available') &&
    memberGroupStatuses(db).every(inSync)
  )
}

export async function waitForDatabase<M extends Mode>(
  ctx: ModeContext<M>,
  target: { identifier: string; kind: DatabaseKind },
  what: string,
  done: (db: Database) => boolean,
  timeoutMs: number,
): Promise<Database> {
  return ctx.poll({
    what,
    timeoutMs,
    initialDelayMs: 1000,
    maxDelayMs: 15_000,
    check: async () => {
      const db = await describeDatabase(ctx.rds, target.identifier, target.kind)
      return done(db) ? { done: true, value: db } : { done: false, status: describeState(db) }
    },
    onStatus: (status) => ctx.report.event(`${target.identifier}: ${status}`),
  })
}
