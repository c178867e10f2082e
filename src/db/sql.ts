// What every piece of code that sends SQL takes and uses: a Queryable (a mysql2/promise
// Connection or Pool), rows as plain objects, quoted identifiers and literals, and how a
// statement is described when it is a change (ctx.act lists it, and a dry run shows it).
// Which SQL runs on which server version is not here: that is the server flavour's.
import type { Connection } from 'mysql2/promise'
import type { Endpoint } from './credentials.js'

/** The part of a mysql2/promise Connection (or Pool) SQL helpers use: query(), in all its forms. */
export type Queryable = Pick<Connection, 'query'>

export type Row = Record<string, unknown>

/** The rows of a SELECT, SHOW or CALL's first result set as plain objects; [] for a statement without rows. */
export async function rows(conn: Queryable, sql: string, values?: unknown[]): Promise<Row[]> {
  const [first] = (await (values ? conn.query(sql, values) : conn.query(sql))) as [unknown, unknown]
  return Array.isArray(first) ? (first as Row[]) : []
}

/** `name` as a quoted identifier. */
export function ident(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``
}

/** `schema`.`table`. */
export function tableName(schema: string, table: string): string {
  return `${ident(schema)}.${ident(table)}`
}

/** A value as an SQL literal for the remedies we print (integers bare, anything else quoted). */
export function literal(value: string | number | bigint): string {
  if (typeof value !== 'string') return String(value)
  if (/^-?\d+$/.test(value)) return value
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`
}

/** `SQL on host:port: INSERT ...` for ctx.act (values are not shown: they can be data). */
export function describeSql(endpoint: Endpoint, sql: string): string {
  return `SQL on ${endpoint.host}:${endpoint.port}: ${sql.replace(/\s+/g, ' ').trim()}`
}
