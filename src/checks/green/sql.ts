// Small SQL helpers shared by the green checks: rows as plain objects, identifier quoting,
// and MySQL error numbers (errors are matched by number, never by text).
import type { SqlConnection } from './types.js'

export type Row = Record<string, unknown>

export async function rowsOf(conn: SqlConnection, sql: string, values: unknown[] = []): Promise<Row[]> {
  const [rows] = (await conn.query(sql, values)) as unknown as [Row[]]
  return rows
}

/** `name` as a quoted identifier. */
export function ident(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}

/** `schema`.`table`. */
export function tableName(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`
}

/** A value as an SQL literal for the remedies we print (numbers bare, strings quoted). */
export function literal(value: string | number | bigint): string {
  if (typeof value !== 'string') return String(value)
  if (/^-?\d+$/.test(value)) return value
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** The MySQL error number of an error thrown by mysql2, if any. */
export function errnoOf(error: unknown): number | undefined {
  const errno = (error as { errno?: unknown } | null)?.errno
  return typeof errno === 'number' ? errno : undefined
}

export const ER = {
  NO_SUCH_TABLE: 1146,
  BAD_DB: 1049,
  UNKNOWN_SYSTEM_VARIABLE: 1193,
  DUP_ENTRY: 1062,
  KEY_NOT_FOUND: 1032,
  SOURCE_FATAL_ERROR_READING_BINLOG: 1236,
  OPTION_PREVENTS_STATEMENT: 1290,
} as const

/** One line of an error for a report: no stack, no line breaks. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error)
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
