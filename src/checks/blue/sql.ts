// The one thing the live checks need from a connection: query() returning rows as objects,
// as mysql2/promise's Connection does ([rows, fields]). Kept this narrow so a check can be
// called with any connection (or a pool) and so tests can pass a real mysql2 connection.
export interface SqlRunner {
  query(sql: string, values?: unknown[]): Promise<unknown>
}

export type Row = Record<string, unknown>

/** The rows of a SELECT (or SHOW) as plain objects. */
export async function rows(conn: SqlRunner, sql: string, values?: unknown[]): Promise<Row[]> {
  const result = (await (values ? conn.query(sql, values) : conn.query(sql))) as [unknown, unknown]
  const first = result[0]
  return Array.isArray(first) ? (first as Row[]) : []
}

/** A MySQL error number (1045, 1142, 1227, ...) or undefined. */
export function errno(error: unknown): number | undefined {
  const n = (error as { errno?: unknown } | null)?.errno
  return typeof n === 'number' ? n : undefined
}
