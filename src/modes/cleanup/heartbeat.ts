// drop-heartbeat-table: drops the action's heartbeat table on the current primary (the
// database that now has the source's name). Only a table carrying the action's marker
// comment is dropped, so a heartbeat-table input that names a user table drops nothing.
// The schema is left in place: it may hold other objects, and an empty schema is harmless.
import { dropHeartbeatSql, HEARTBEAT_COMMENT_PREFIX, qualified } from '../../db/heartbeat.js'
import type { Database } from '../../rds/database.js'
import type { ModeContext } from '../context.js'
import { finding } from '../../findings/finding.js'
import { closeQuietly } from '../../db/connector.js'
import { describeSql } from '../../db/sql.js'
import { errorLine } from '../../error-line.js'

/** True when the table was dropped by this run. */
export async function dropHeartbeatTable(ctx: ModeContext<'cleanup'>, primary: Database): Promise<boolean> {
  const table = ctx.inputs.db.heartbeatTable
  const name = qualified(table).replace(/`/g, '')
  const subject = `${primary.identifier}: ${name}`
  let conn: Awaited<ReturnType<typeof ctx.db.connect>> | undefined
  try {
    conn = await ctx.db.connect(primary.endpoint)
    const [rows] = (await conn.query('SELECT TABLE_COMMENT AS comment FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [
      table.schema,
      table.table,
    ])) as unknown as [Array<{ comment: string | null }>]
    const row = rows[0]
    if (!row) {
      ctx.report.finding(finding({ code: 'HEARTBEAT_TABLE_ABSENT', subject, message: `${name} does not exist on ${primary.identifier}: nothing to drop.` }))
      return false
    }
    if (!String(row.comment ?? '').startsWith(HEARTBEAT_COMMENT_PREFIX)) {
      ctx.report.finding(
        finding({
          code: 'HEARTBEAT_TABLE_NOT_OURS',
          subject,
          message: `${name} on ${primary.identifier} does not carry the action's marker comment ("${HEARTBEAT_COMMENT_PREFIX} ..."), so it may be a table of yours; it was not dropped.`,
        }),
      )
      return false
    }
    const sql = dropHeartbeatSql(table)
    const db = conn
    const done = await ctx.act(describeSql(primary.endpoint, sql), async () => {
      await db.query(sql)
      return true
    })
    if (!done) return false
    ctx.report.finding(finding({
      code: 'HEARTBEAT_TABLE_DROPPED',
      subject,
      message: `Dropped ${name} on ${primary.identifier} (the schema ${table.schema} was left in place).`,
    }))
    return true
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'HEARTBEAT_TABLE_NOT_DROPPED',
        subject,
        message: `Could not drop ${name} on ${primary.identifier} (${primary.endpoint.host}:${primary.endpoint.port}): ${errorLine(error)}.`,
      }),
    )
    return false
  } finally {
    await closeQuietly(conn)
  }
}
