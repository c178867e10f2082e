// Aurora MySQL keeps binary logs for 'binlog retention hours' (mysql.rds_show_configuration);
// NULL, the default, means they are purged lazily, so a replica that falls behind can lose
// its position. AWS's procedure: CALL mysql.rds_set_configuration('binlog retention hours', 24).
import { finding, type Finding } from '../../findings/finding.js'
import type { Queryable } from '../../db/sql.js'

/** The 'binlog retention hours' setting: a number, or null when unset. */
export async function readBinlogRetentionHours(conn: Queryable): Promise<number | null> {
  // A CALL answers with its result sets and a final OK packet: [[rows, ok], fields].
  const [sets] = (await conn.query('CALL mysql.rds_show_configuration')) as [unknown[], unknown]
  const first = (Array.isArray(sets?.[0]) ? sets[0] : sets) as Record<string, unknown>[]
  const row = first.find((r) => r && r.name === 'binlog retention hours')
  return row?.value === null || row?.value === undefined ? null : Number(row.value)
}

export async function checkBinlogRetention(conn: Queryable, subject: string): Promise<Finding[]> {
  if ((await readBinlogRetentionHours(conn)) !== null) return []
  return [
    finding({
      code: 'BINLOG_RETENTION_UNSET',
      subject,
      message: `'binlog retention hours' is NULL on ${subject}: Aurora purges binary logs lazily, so replication that falls behind can lose its position.`,
    }),
  ]
}
