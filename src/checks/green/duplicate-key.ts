// Error 1062 on green's SQL thread, explained (seed 003): a row written on green took a key
// that blue later used, so blue's row cannot be applied. The finding names the table, the
// key and its value (from the error text: the error is matched by number, the text only
// supplies the details), and the rows on green to delete, e.g. seed 003's
//   DELETE FROM books WHERE id >= 10219
// MySQL's multi-threaded applier reports only "Coordinator stopped ..." in Last_SQL_Error;
// the worker's own message (with the duplicate entry) is read from performance_schema.
import type { ReplicaStatus } from '../../db/replica-status.js'
import { finding, type Finding } from '../../findings/finding.js'
import { ident, literal, rows, tableName, type Queryable } from '../../db/sql.js'
import { ER } from '../../db/errno.js'

export interface DuplicateKeyError {
  /** The duplicate value as the server printed it (composite keys: parts joined by '-'). */
  value: string
  /** The key (index) name, e.g. PRIMARY. */
  key: string
  schema?: string
  table?: string
}

const NAME = '(?:`(?:[^`]|``)+`|[\\w$]+)'
const QUALIFIED = `${NAME}(?:\\.${NAME})?`

function unquote(part: string): string {
  return part.startsWith('`') ? part.slice(1, -1).replace(/``/g, '`') : part
}

/** `app`.`books` / app.books / books -> { schema?, table } */
function splitQualified(name: string): { schema?: string; table: string } {
  const parts = name.match(new RegExp(NAME, 'g')) ?? [name]
  const table = unquote(parts[parts.length - 1] ?? name)
  return parts.length > 1 ? { schema: unquote(parts[0] ?? ''), table } : { table }
}

/** Reads the table, key and value out of a 1062 error text (MySQL 8, MariaDB, row or statement events). */
export function parseDuplicateKeyError(text: string): DuplicateKeyError | undefined {
  const dup = /Duplicate entry '([\s\S]*?)' for key '([^']*)'/.exec(text)
  if (!dup) return undefined
  const result: DuplicateKeyError = { value: dup[1] ?? '', key: dup[2] ?? '' }
  // Row events: "Could not execute Write_rows_v1 event on table app.books; ..."
  const onTable = new RegExp(`\\bon table (${QUALIFIED})`).exec(text)
  // Statements: "... Default database: 'app'. Query: 'INSERT INTO books ...'"
  const query = new RegExp(`Query: '\\s*(?:(?:INSERT|REPLACE)(?:\\s+(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE))*(?:\\s+INTO)?|UPDATE(?:\\s+(?:LOW_PRIORITY|IGNORE))*)\\s+(${QUALIFIED})`, 'i').exec(text)
  const named = onTable?.[1] ?? query?.[1]
  if (named) Object.assign(result, splitQualified(named))
  // MySQL 8.0.19+ names the key as table.key.
  const dot = result.key.indexOf('.')
  if (dot > 0) {
    result.table ??= result.key.slice(0, dot)
    result.key = result.key.slice(dot + 1)
  }
  if (!result.schema) {
    const db = /Default database: '([^']*)'/.exec(text)?.[1]
    if (db) result.schema = db
  }
  return result
}

/** The text holding the duplicate entry: Last_SQL_Error, or the failed worker's message on MySQL. */
async function errorText(green: Queryable, status: ReplicaStatus): Promise<string> {
  if (/Duplicate entry/.test(status.lastSqlError)) return status.lastSqlError
  try {
    const workers = await rows(
      green,
      'SELECT LAST_ERROR_MESSAGE AS message FROM performance_schema.replication_applier_status_by_worker WHERE LAST_ERROR_NUMBER = ?',
      [ER.DUP_ENTRY],
    )
    const message = workers.map((r) => String(r.message ?? '')).find((m) => /Duplicate entry/.test(m))
    if (message) return message
  } catch {
    // performance_schema off or not readable: the coordinator's text is all there is.
  }
  return status.lastSqlError
}

interface KeyShape {
  schema: string
  table: string
  columns: string[]
  /** Data type of the first column (integer keys get a range). */
  dataType: string
}

/** The key's columns on green (one information_schema query), finding the schema when the error did not name it. */
async function keyShape(green: Queryable, parsed: DuplicateKeyError): Promise<KeyShape | undefined> {
  if (!parsed.table) return undefined
  const columns = await rows(
    green,
    `SELECT s.TABLE_SCHEMA AS s, s.COLUMN_NAME AS c, c.DATA_TYPE AS t
       FROM information_schema.STATISTICS s
       JOIN information_schema.COLUMNS c
         ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME
      WHERE s.TABLE_NAME = ? AND s.INDEX_NAME = ?${parsed.schema ? ' AND s.TABLE_SCHEMA = ?' : ''}
      ORDER BY s.TABLE_SCHEMA, s.SEQ_IN_INDEX`,
    parsed.schema ? [parsed.table, parsed.key, parsed.schema] : [parsed.table, parsed.key],
  )
  const schemas = [...new Set(columns.map((r) => String(r.s)))]
  // Without a schema in the error, the table name must be unambiguous.
  if (schemas.length !== 1) return undefined
  const schema = schemas[0] ?? ''
  return {
    schema,
    table: parsed.table,
    columns: columns.map((r) => String(r.c)),
    dataType: String(columns[0]?.t ?? '').toLowerCase(),
  }
}

const INTEGER = new Set(['tinyint', 'smallint', 'mediumint', 'int', 'integer', 'bigint'])

export async function duplicateKeyFinding(green: Queryable, status: ReplicaStatus, subject: string): Promise<Finding> {
  const text = await errorText(green, status)
  const parsed = parseDuplicateKeyError(text)
  const base = `Green's SQL thread stopped with error 1062 (${text || 'no text'}).`
  const cause = ' A row written on green took a key that blue later used for its own row, which green cannot apply.'
  const restart =
    ' then restart replication (CALL mysql.rds_start_replication;), set read_only back to 1 on green (its parameter group, then a reboot), and run verify again. Rows that must be kept: copy them out first and insert them on blue, which replicates them with new keys.'
  if (!parsed) {
    return finding({
      code: 'REPLICATION_DUPLICATE_KEY',
      subject,
      message: base + cause,
      remedy: 'Find the rows written on green (the error log names the table and key) and delete them on green;' + restart,
    })
  }
  let shape: KeyShape | undefined
  try {
    shape = await keyShape(green, parsed)
  } catch {
    shape = undefined
  }
  const table = shape ? `${shape.schema}.${shape.table}` : parsed.schema && parsed.table ? `${parsed.schema}.${parsed.table}` : parsed.table ?? 'an unnamed table'
  const keyText = `key ${parsed.key}${shape ? ` (${shape.columns.join(', ')})` : ''} = '${parsed.value}'`
  let rowsText = ''
  let where: string | undefined
  if (shape && shape.columns.length === 1) {
    const column = shape.columns[0] ?? ''
    const integer = INTEGER.has(shape.dataType) && /^-?\d+$/.test(parsed.value)
    // Replication stopped at blue's row with this key: rows green holds at or above an
    // auto-increment value were written on green (blue's later rows have not arrived).
    where = integer ? `${ident(column)} >= ${literal(parsed.value)}` : `${ident(column)} = ${literal(parsed.value)}`
    try {
      const [row] = await rows(
        green,
        `SELECT COUNT(*) AS n, MIN(${ident(column)}) AS lo, MAX(${ident(column)}) AS hi FROM ${tableName(shape.schema, shape.table)} WHERE ${where}`,
      )
      const n = Number(row?.n ?? 0)
      rowsText = integer
        ? ` Green holds ${n} row${n === 1 ? '' : 's'} with ${column} >= ${parsed.value} (${row?.lo ?? '-'}..${row?.hi ?? '-'}) that blue's stream has not delivered: they were written on green.`
        : ` Green holds ${n} row${n === 1 ? '' : 's'} with ${column} = ${literal(parsed.value)}.`
    } catch {
      rowsText = ''
    }
  }
  const target = shape ? tableName(shape.schema, shape.table) : parsed.table ? (parsed.schema ? tableName(parsed.schema, parsed.table) : ident(parsed.table)) : undefined
  const remedy = target && where
    ? `On green, delete the rows written there (check them first: SELECT * FROM ${target} WHERE ${where};): DELETE FROM ${target} WHERE ${where};` + restart
    : `On green, delete the row of ${table} whose ${keyText} (written on green);` + restart
  return finding({
    code: 'REPLICATION_DUPLICATE_KEY',
    subject: table,
    message: `Green's SQL thread stopped with error 1062: blue wrote a row into ${table} with ${keyText}, which green already holds because a row with that key was written on green.${rowsText} Error: ${text}`,
    remedy,
  })
}
