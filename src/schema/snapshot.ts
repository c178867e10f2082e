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
//  - Column aliases are explicit: MySQL 8 returns information_schema column names upper-case
//    whatever the query wrote, MariaDB as written.
import type { HeartbeatTable } from '../db/heartbeat.js'
import { charsetOfCollation } from './column-type.js'
import { normaliseDefault, normaliseExtra } from './column-default.js'
import type { ColumnSnapshot, Flavor, IndexSnapshot, PartitioningSnapshot, SchemaSnapshot, TableSnapshot } from './types.js'

/** The one method the snapshot uses: mysql2/promise's Connection and Pool both have it. */
export interface Queryable {
  query(sql: string, values?: unknown): Promise<[unknown, unknown]>
}

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

type Row = Record<string, unknown>

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
  const [result] = await db.query(sql, values)
  return result as Row[]
}

export async function detectFlavor(db: Queryable): Promise<{ flavor: Flavor; version: string; lowerCaseTableNames: number }> {
  const [row] = await rows(db, 'SELECT VERSION() AS version, @@lower_case_table_names AS lctn', [])
  const version = str(row?.version) ?? 'unknown'
  return { flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql', version, lowerCaseTableNames: num(row?.lctn) ?? 0 }
}

/** Reads every user table of the server behind `db` (see the file header for what it costs). */
export async function readSchemaSnapshot(db: Queryable, options: SnapshotOptions = {}): Promise<SchemaSnapshot> {
  const started = performance.now()
  let queries = 0
  const server = await detectFlavor(db)
  queries++
  const filter = schemaFilter(options)
  const hint = server.flavor === 'mysql' && options.freshStatistics ? '/*+ SET_VAR(information_schema_stats_expiry = 0) */ ' : ''
  const autoIncrement = options.autoIncrement ? ', AUTO_INCREMENT AS ai' : ''

  const tableRows = await rows(
    db,
    `SELECT ${hint}TABLE_SCHEMA AS s, TABLE_NAME AS t, ENGINE AS engine, TABLE_COLLATION AS coll, CREATE_OPTIONS AS opts${autoIncrement}
       FROM information_schema.TABLES
      WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') AND ${filter.sql}`,
    filter.values,
  )
  queries++
  const tables = new Map<string, TableSnapshot>()
  const partitioned: TableSnapshot[] = []
  const heartbeat = options.heartbeat
  for (const r of tableRows) {
    const schema = str(r.s) ?? ''
    const name = str(r.t) ?? ''
    if (heartbeat && schema === heartbeat.schema && name === heartbeat.table) continue
    const collation = str(r.coll)
    const table: TableSnapshot = {
      schema,
      name,
      engine: str(r.engine),
      collation,
      charset: charsetOfCollation(collation),
      autoIncrement: num(r.ai),
      columns: [],
      indexes: [],
      partitioning: null,
    }
    tables.set(key(schema, name), table)
    if (/\bpartitioned\b/i.test(str(r.opts) ?? '')) partitioned.push(table)
  }

  // MariaDB marks generated columns in IS_GENERATED; MySQL in EXTRA. GENERATION_EXPRESSION exists on both.
  const columnRows = await rows(
    db,
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, COLUMN_NAME AS name, ORDINAL_POSITION AS pos, COLUMN_TYPE AS ctype,
            DATA_TYPE AS dtype, CHARACTER_MAXIMUM_LENGTH AS clen, CHARACTER_OCTET_LENGTH AS olen,
            NUMERIC_PRECISION AS np, NUMERIC_SCALE AS ns, DATETIME_PRECISION AS dp, CHARACTER_SET_NAME AS cs,
            COLLATION_NAME AS coll, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS def, EXTRA AS extra,
            GENERATION_EXPRESSION AS gen
       FROM information_schema.COLUMNS
      WHERE ${filter.sql}`,
    filter.values,
  )
  queries++
  for (const r of columnRows) {
    const table = tables.get(key(str(r.s) ?? '', str(r.t) ?? ''))
    if (!table) continue // a view's columns, or an excluded table
    const rawExtra = str(r.extra) ?? ''
    const expression = str(r.gen)
    const generated = /\bgenerated\b|\bpersistent\b/i.test(rawExtra) && expression !== null && expression !== ''
    const nullable = str(r.nullable) === 'YES'
    const column: ColumnSnapshot = {
      name: str(r.name) ?? '',
      position: num(r.pos) ?? 0,
      columnType: (str(r.ctype) ?? '').toLowerCase(),
      dataType: (str(r.dtype) ?? '').toLowerCase(),
      charLength: num(r.clen),
      octetLength: num(r.olen),
      numericPrecision: num(r.np),
      numericScale: num(r.ns),
      datetimePrecision: num(r.dp),
      charset: str(r.cs),
      collation: str(r.coll),
      nullable,
      default: normaliseDefault(server.flavor, str(r.def), nullable, rawExtra, generated),
      extra: normaliseExtra(rawExtra),
      generated: generated ? { expression: expression ?? '', stored: /\b(?:stored|persistent)\b/i.test(rawExtra) } : null,
      invisible: /\binvisible\b/i.test(rawExtra),
    }
    table.columns.push(column)
  }

  const expression = server.flavor === 'mysql' ? ', EXPRESSION AS expr' : ''
  const indexRows = await rows(
    db,
    `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, INDEX_NAME AS name, NON_UNIQUE AS nonUnique, SEQ_IN_INDEX AS seq,
            COLUMN_NAME AS col, SUB_PART AS sub, COLLATION AS ord, INDEX_TYPE AS type${expression}
       FROM information_schema.STATISTICS
      WHERE ${filter.sql}`,
    filter.values,
  )
  queries++
  const parts = new Map<IndexSnapshot, Array<{ seq: number; part: IndexSnapshot['columns'][number] }>>()
  const indexByKey = new Map<string, IndexSnapshot>()
  for (const r of indexRows) {
    const schema = str(r.s) ?? ''
    const tableName = str(r.t) ?? ''
    const table = tables.get(key(schema, tableName))
    if (!table) continue
    const name = str(r.name) ?? ''
    const indexKey = `${key(schema, tableName)}\u0000${name}`
    let index = indexByKey.get(indexKey)
    if (!index) {
      index = { name, primary: name === 'PRIMARY', unique: num(r.nonUnique) === 0, type: (str(r.type) ?? '').toUpperCase(), columns: [] }
      indexByKey.set(indexKey, index)
      table.indexes.push(index)
      parts.set(index, [])
    }
    parts.get(index)?.push({
      seq: num(r.seq) ?? 0,
      part: { name: str(r.col), subPart: num(r.sub), expression: str(r.expr), descending: str(r.ord) === 'D' },
    })
  }
  for (const [index, list] of parts) index.columns = list.sort((a, b) => a.seq - b.seq).map((p) => p.part)

  if (partitioned.length > 0) {
    // Only the schemas that hold partitioned tables: PARTITIONS has a row for every table.
    const schemas = [...new Set(partitioned.map((t) => t.schema))]
    const partitionRows = await rows(
      db,
      `SELECT TABLE_SCHEMA AS s, TABLE_NAME AS t, PARTITION_NAME AS name, PARTITION_ORDINAL_POSITION AS pos,
              PARTITION_METHOD AS method, PARTITION_EXPRESSION AS expr, SUBPARTITION_METHOD AS subMethod,
              SUBPARTITION_EXPRESSION AS subExpr, PARTITION_DESCRIPTION AS descr
         FROM information_schema.PARTITIONS
        WHERE PARTITION_NAME IS NOT NULL AND TABLE_SCHEMA IN (${schemas.map(() => '?').join(',')})`,
      schemas,
    )
    queries++
    const order = new Map<PartitioningSnapshot, Map<string, { pos: number; description: string | null }>>()
    for (const r of partitionRows) {
      const table = tables.get(key(str(r.s) ?? '', str(r.t) ?? ''))
      if (!table) continue
      if (!table.partitioning) {
        table.partitioning = {
          method: (str(r.method) ?? '').toUpperCase(),
          expression: str(r.expr),
          subMethod: str(r.subMethod)?.toUpperCase() ?? null,
          subExpression: str(r.subExpr),
          partitions: [],
        }
        order.set(table.partitioning, new Map())
      }
      const name = str(r.name) ?? ''
      // One row per subpartition: keep each partition once.
      order.get(table.partitioning)?.set(name, { pos: num(r.pos) ?? 0, description: str(r.descr) })
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
