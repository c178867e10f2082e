// Reads the two settings that decide what a schema difference means: blue's binlog_format
// (statements, rows, or both) and green's row-based type conversion setting
// (replica_type_conversions on MySQL 8.0.26+, slave_type_conversions before and on MariaDB).
import type { Queryable } from '../db/sql.js'
import type { BinlogFormat, Flavor, ReplicationContext, TypeConversion } from './types.js'
import { ER, errno } from '../db/errno.js'

const CONVERSIONS: TypeConversion[] = ['ALL_LOSSY', 'ALL_NON_LOSSY', 'ALL_SIGNED', 'ALL_UNSIGNED']

/** Parses a SET value such as `ALL_LOSSY,ALL_NON_LOSSY`; unknown words are ignored. */
export function parseTypeConversions(value: string | null | undefined): TypeConversion[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim().toUpperCase())
    .filter((v): v is TypeConversion => (CONVERSIONS as string[]).includes(v))
}

export function parseBinlogFormat(value: string | null | undefined): BinlogFormat {
  const upper = (value ?? '').trim().toUpperCase()
  if (upper === 'ROW' || upper === 'MIXED' || upper === 'STATEMENT') return upper
  throw new Error(`binlog_format: unexpected value "${value ?? ''}"; expected ROW, MIXED or STATEMENT`)
}

async function firstValue(db: Queryable, sql: string): Promise<string | null> {
  const [rows] = await db.query({ sql, rowsAsArray: true })
  const value = (rows as unknown[][])[0]?.[0]
  return value === null || value === undefined ? null : String(value)
}

/** Green's conversion setting under whichever name its server has. */
export async function readTypeConversions(green: Queryable): Promise<TypeConversion[]> {
  try {
    return parseTypeConversions(await firstValue(green, 'SELECT @@GLOBAL.replica_type_conversions AS v'))
  } catch (error) {
    // 1193: unknown system variable (MariaDB, MySQL before 8.0.26).
    if (errno(error) !== ER.UNKNOWN_SYSTEM_VARIABLE) throw error
    return parseTypeConversions(await firstValue(green, 'SELECT @@GLOBAL.slave_type_conversions AS v'))
  }
}

export async function readReplicationContext(blue: Queryable, green: Queryable): Promise<ReplicationContext> {
  const binlogFormat = parseBinlogFormat(await firstValue(blue, 'SELECT @@GLOBAL.binlog_format AS v'))
  const typeConversions = await readTypeConversions(green)
  const version = (await firstValue(green, 'SELECT VERSION() AS v')) ?? ''
  const greenFlavor: Flavor = /mariadb/i.test(version) ? 'mariadb' : 'mysql'
  return { binlogFormat, typeConversions, greenFlavor }
}
