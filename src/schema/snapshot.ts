// Reads a server's user schemas into a SchemaSnapshot with a handful of bulk
// information_schema queries (TABLES, COLUMNS, STATISTICS, and PARTITIONS only for the
// tables that are partitioned), never one query per table. Needs only the SELECT rights
// information_schema grants to any user on the tables it can see.
//
// Costs worth knowing (measured by bench/schema-diff.ts):
//  - MariaDB fills information_schema by opening table definitions; asking only for columns
//    that need the definition (not the storage engine) keeps it cheap. AUTO_INCREMENT needs the
//    engine (a full open of every table), so it is read only when asked for.
//  - MySQL 8 serves these views from the data dictionary; AUTO_INCREMENT is a cached statistic
//    (information_schema_stats_expiry, default one day). `freshStatistics` asks for live
//    values with a SET_VAR hint, at the cost of opening every table.
//  - Rows are read as arrays, by position: MySQL 8 returns information_schema column names
//    upper-case whatever the query wrote, MariaDB as written; positions mean the same on both.
//  - MariaDB parses each table's .frm for every query; when table_definition_cache is smaller
//    than the number of tables, each query re-reads them all (measured: about 3 s per query
//    for 5,000 tables at the default 400, 0.1-0.3 s when the cache holds them).
import type { HeartbeatTable } from '../db/heartbeat.js'
import { charsetOfCollation } from './column-type.js'
import { normaliseDefault, normaliseExtra } from './column-default.js'
import type { ColumnSnapshot, Flavor, IndexSnapshot, PartitioningSnapshot, SchemaSnapshot, TableSnapshot } from './types.js'
import type { Queryable } from '../db/sql.js'

export interface SnapshotOptions {
  /** Leave out the action's own heartbeat table (and its schema, when nothing else is in it). */
  heartbeat?: HeartbeatTable
  /** Further schemas to leave out, besides mysql, sys, information_schema, performance_schema. */
  excludeSchemas?: string[]
  /** Only these schemas (default: every user schema). */
  includeSchemas?: string[]
  /** Read each table's next AUTO_INCREMENT value (opens every table on MariaDB). Default false. */
  autoIncrement?: boolean
  /** MySQL 8: read AUTO_INCREMENT live rather than the cached statistic. Default false. */
  freshStatistics?: boolean
}

export const SYSTEM_SCHEMAS = ['mysql', 'sys', 'information_schema', 'performance_schema']

/** A row as an array, in the order of the query's select list (fewer objects for 100,000 columns). */
type Row = unknown[]

function str(value: unknown): string | null {
  if (value === null || value === undefined) return null
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value)
}

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null
  const n = Number(value)
  return Number.isFinite(n) ? n : null
}

function key(schema: string, table: string): string {
  return `${schema}\u0000${table}`
}

/** Where-clause on TABLE_SCHEMA for the schemas to read, with its values. */
function schemaFilter(options: SnapshotOptions): { sql: string; values: string[] } {
  if (options.includeSchemas?.length) {
    return { sql: `TABLE_SCHEMA IN (${options.includeSchemas.map(() => '?').join(',')})`, values: options.includeSchemas }
  }
  const excluded = [...SYSTEM_SCHEMAS, ...(options.excludeSchemas ?? [])]
  return { sql: `TABLE_SCHEMA NOT IN (${excluded.map(() => '?').join(',')})`, values: excluded }
}

async function rows(db: Queryable, sql: string, values: unknown[]): Promise<Row[]> {
  const [result] = await db.query({ sql, values, rowsAsArray: true })
  return result as Row[]
}

export async function detectFlavor(db: Queryable): Promise<{ flavor: Flavor; version: string; lowerCaseTableNames: number }> {
  const [row] = await rows(db, 'SELECT VERSION(), @@lower_case_table_names', [])
  const version = str(row?.[0]) ?? 'unknown'
  return { flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql', version, lowerCaseTableNames: num(row?.[1]) ?? 0 }
}

/** Reads every user table of the server behind `db` (see the file header for what it costs). */
export async function readSchemaSnapshot(db: Queryable, options: SnapshotOptions = {}): Promise<SchemaSnapshot> {
  const started = performance.now()
  let queries = 0
  const server = await detectFlavor(db)
  queries++
  const filter = schemaFilter(options)
  const hint = server.flavor === 'mysql' && options.freshStatistics ? '/*+ SET_VAR(information_schema_stats_expiry = 0) */ ' : ''
  const autoIncrement = options.autoIncrement ? ', AUTO_INCREMENT' : ''

  const tableRows = await rows(
    db,
    `SELECT ${hint}TABLE_SCHEMA, TABLE_NAME, ENGINE, TABLE_COLLATION, CREATE_OPTIONS${autoIncrement}
       FROM information_schema.TABLES
      WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND ${filter.sql}`,
    filter.values,
  )
  queries++
  const tables = new Map<string, TableSnapshot>()
  const partitioned: TableSnapshot[] = []
  const heartbeat = options.heartbeat
  for (const [s, t, engine, coll, opts, ai] of tableRows) {
    const schema = str(s) ?? ''
    const name = str(t) ?? ''
    if (heartbeat && schema === heartbeat.schema && name === heartbeat.table) continue
    const collation = str(coll)
    const table: TableSnapshot = {
      schema,
      name,
      engine: str(engine),
      collation,
      charset: charsetOfCollation(collation),
      autoIncrement: num(ai),
      columns: [],
      indexes: [],
      partitioning: null,
    }
    tables.set(key(schema, name), table)
    if (/\bpartitioned\b/i.test(str(opts) ?? '')) partitioned.push(table)
  }

  // MariaDB marks generated columns in IS_GENERATED; MySQL in EXTRA. GENERATION_EXPRESSION exists on both.
  const columnRows = await rows(
    db,
    `SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, DATA_TYPE,
            CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, DATETIME_PRECISION,
            CHARACTER_SET_NAME, COLLATION_NAME, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, GENERATION_EXPRESSION
       FROM information_schema.COLUMNS
      WHERE ${filter.sql}`,
    filter.values,
  )
  queries++
  for (const [s, t, name, pos, ctype, dtype, clen, olen, np, ns, dp, cs, coll, isNullable, def, extra, gen] of columnRows) {
    const table = tables.get(key(str(s) ?? '', str(t) ?? ''))
    if (!table) continue // a view's columns, or an excluded table
    const rawExtra = str(extra) ?? ''
    const expression = str(gen)
    const generated = /\bgenerated\b|\bpersistent\b/i.test(rawExtra) && expression !== null && expression !== ''
    const nullable = str(isNullable) === 'YES'
    const column: ColumnSnapshot = {
      name: str(name) ?? '',
      position: num(pos) ?? 0,
      columnType: (str(ctype) ?? '').toLowerCase(),
      dataType: (str(dtype) ?? '').toLowerCase(),
      charLength: num(clen),
      octetLength: num(olen),
      numericPrecision: num(np),
      numericScale: num(ns),
      datetimePrecision: num(dp),
      charset: str(cs),
      collation: str(coll),
      nullable,
      default: normaliseDefault(server.flavor, str(def), nullable, rawExtra, generated),
      extra: normaliseExtra(rawExtra),
      generated: generated ? { expression: expression ?? '', stored: /\b(?:stored|persistent)\b/i.test(rawExtra) } : null,
      invisible: /\binvisible\b/i.test(rawExtra),
    }
    table.columns.push(column)
  }

  const expression = server.flavor === 'mysql' ? ', EXPRESSION' : ''
  const indexRows = await rows(
    db,
    `SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE${expression}
       FROM information_schema.STATISTICS
      WHERE ${filter.sql}`,
    filter.values,
  )
  queries++
  const parts = new Map<IndexSnapshot, Array<{ seq: number; part: IndexSnapshot['columns'][number] }>>()
  const indexByKey = new Map<string, IndexSnapshot>()
  for (const [s, t, indexName, nonUnique, seq, col, sub, ord, type, expr] of indexRows) {
    const schema = str(s) ?? ''
    const tableName = str(t) ?? ''
    const table = tables.get(key(schema, tableName))
    if (!table) continue
    const name = str(indexName) ?? ''
    const indexKey = `${key(schema, tableName)}\u0000${name}`
    let index = indexByKey.get(indexKey)
    if (!index) {
      index = { name, primary: name === 'PRIMARY', unique: num(nonUnique) === 0, type: (str(type) ?? '').toUpperCase(), columns: [] }
      indexByKey.set(indexKey, index)
      table.indexes.push(index)
      parts.set(index, [])
    }
    parts.get(index)?.push({
      seq: num(seq) ?? 0,
      part: { name: str(col), subPart: num(sub), expression: str(expr), descending: str(ord) === 'D' },
    })
  }
  for (const [index, list] of parts) index.columns = list.sort((a, b) => a.seq - b.seq).map((p) => p.part)

  if (partitioned.length > 0) {
    // Only the schemas that hold partitioned tables: PARTITIONS has a row for every table.
    const schemas = [...new Set(partitioned.map((t) => t.schema))]
    const partitionRows = await rows(
      db,
      `SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_NAME, PARTITION_ORDINAL_POSITION, PARTITION_METHOD,
              PARTITION_EXPRESSION, SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION, PARTITION_DESCRIPTION
         FROM information_schema.PARTITIONS
        WHERE PARTITION_NAME IS NOT NULL AND TABLE_SCHEMA IN (${schemas.map(() => '?').join(',')})`,
      schemas,
    )
    queries++
    const order = new Map<PartitioningSnapshot, Map<string, { pos: number; description: string | null }>>()
    for (const [s, t, partitionName, pos, method, expr, subMethod, subExpr, descr] of partitionRows) {
      const table = tables.get(key(str(s) ?? '', str(t) ?? ''))
      if (!table) continue
      if (!table.partitioning) {
        table.partitioning = {
          method: (str(method) ?? '').toUpperCase(),
          expression: str(expr),
          subMethod: str(subMethod)?.toUpperCase() ?? null,
          subExpression: str(subExpr),
          partitions: [],
        }
        order.set(table.partitioning, new Map())
      }
      const name = str(partitionName) ?? ''
      // One row per subpartition: keep each partition once.
      order.get(table.partitioning)?.set(name, { pos: num(pos) ?? 0, description: str(descr) })
    }
    for (const [partitioning, byName] of order) {
      partitioning.partitions = [...byName.entries()]
        .sort((a, b) => a[1].pos - b[1].pos)
        .map(([name, p]) => ({ name, description: p.description }))
    }
  }

  const sorted = [...tables.values()].sort((a, b) => (a.schema === b.schema ? cmp(a.name, b.name) : cmp(a.schema, b.schema)))
  for (const table of sorted) table.columns.sort((a, b) => a.position - b.position)
  return {
    server,
    takenAt: new Date().toISOString(),
    schemas: [...new Set(sorted.map((t) => t.schema))],
    tables: sorted,
    stats: { queries, ms: Math.round(performance.now() - started) },
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
