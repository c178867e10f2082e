// Duplicate-key risk (seed 003, before it breaks replication): for every table whose
// auto-increment column is a single-column primary or unique key, compare the largest key
// on green with the largest on blue. Rows on green beyond blue's maximum were written on
// green; when blue's next AUTO_INCREMENT value is a key green already holds, blue's next
// inserts will stop replication with 1062.
//
// Bulk, never one round trip per table: the maxima of many tables in one UNION ALL statement
// (chunked), read on green first and then on blue, so that a row blue writes in between
// can only make blue look further ahead, never make green look ahead of blue. Each MAX()
// is a single index lookup. Only the tables that look ahead on green are read further
// (blue's counter in one information_schema query, green's extra rows in one statement).
import { finding, type Finding } from '../../findings/finding.js'
import type { SchemaSnapshot, TableSnapshot } from '../../schema/index.js'
import type { CheckResult } from './types.js'
import { ident, rows, tableName, type Queryable } from '../../db/sql.js'

export interface AutoIncrementKey {
  schema: string
  table: string
  column: string
}

export interface DuplicateKeyRisk extends CheckResult {
  /** Tables whose auto-increment key was compared. */
  checked: number
  /** Per table ahead on green: the range of keys written there. */
  ahead: { key: AutoIncrementKey; blueMax: bigint | null; greenMax: bigint; rows: number; firstOnGreen: bigint; blueNext: bigint | null }[]
}

export const CHUNK = 500

/** Tables (present on both sides) whose auto-increment column alone forms a primary or unique key. */
export function autoIncrementKeys(blue: SchemaSnapshot, green: SchemaSnapshot): AutoIncrementKey[] {
  const onGreen = new Map<string, TableSnapshot>(green.tables.map((t) => [`${t.schema}.${t.name}`, t]))
  const keys: AutoIncrementKey[] = []
  for (const t of blue.tables) {
    const column = t.columns.find((c) => /\bauto_increment\b/.test(c.extra))
    if (!column) continue
    const unique = t.indexes.some((i) => (i.primary || i.unique) && i.columns.length === 1 && i.columns[0]?.name === column.name)
    const g = onGreen.get(`${t.schema}.${t.name}`)
    if (!unique || !g?.columns.some((c) => c.name === column.name)) continue
    keys.push({ schema: t.schema, table: t.name, column: column.name })
  }
  return keys
}

const big = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(String(v)))

/** The largest key of each table, a chunk of tables per statement. */
async function maxima(conn: Queryable, keys: AutoIncrementKey[]): Promise<Map<string, bigint | null>> {
  const out = new Map<string, bigint | null>()
  for (let i = 0; i < keys.length; i += CHUNK) {
    const chunk = keys.slice(i, i + CHUNK)
    const sql = chunk.map((k, j) => `SELECT ${i + j} AS k, MAX(${ident(k.column)}) AS m FROM ${tableName(k.schema, k.table)}`).join('\nUNION ALL\n')
    for (const row of await rows(conn, sql)) {
      const key = keys[Number(row.k)]
      if (key) out.set(id(key), big(row.m))
    }
  }
  return out
}

const id = (k: AutoIncrementKey) => `${k.schema}.${k.table}`

export async function checkDuplicateKeyRisk(
  blue: Queryable,
  green: Queryable,
  snapshots: { blue: SchemaSnapshot; green: SchemaSnapshot },
): Promise<DuplicateKeyRisk> {
  const keys = autoIncrementKeys(snapshots.blue, snapshots.green)
  const result: DuplicateKeyRisk = { checked: keys.length, ahead: [], findings: [], metrics: [] }
  result.metrics.push({ name: 'auto-increment-tables', value: keys.length, unit: 'count', label: 'Auto-increment keys compared' })
  if (keys.length === 0) return result
  // Green first (see the file comment).
  const greenMax = await maxima(green, keys)
  const blueMax = await maxima(blue, keys)
  const ahead = keys.filter((k) => {
    const g = greenMax.get(id(k))
    const b = blueMax.get(id(k))
    return g !== null && g !== undefined && (b === null || b === undefined || g > b)
  })
  if (ahead.length === 0) return result

  // Green's rows beyond blue's maximum: how many, and the first of them.
  const extra = await rows(
    green,
    ahead
      .map((k, j) => `SELECT ${j} AS k, COUNT(*) AS n, MIN(${ident(k.column)}) AS lo FROM ${tableName(k.schema, k.table)} WHERE ${ident(k.column)} > ?`)
      .join('\nUNION ALL\n'),
    ahead.map((k) => String(blueMax.get(id(k)) ?? -1)),
  )
  // Blue's next AUTO_INCREMENT value, live (MySQL 8 caches it in information_schema unless asked).
  const hint = snapshots.blue.server.flavor === 'mysql' ? '/*+ SET_VAR(information_schema_stats_expiry = 0) */ ' : ''
  const counters = await rows(
    blue,
    `SELECT ${hint}TABLE_SCHEMA AS s, TABLE_NAME AS t, AUTO_INCREMENT AS n FROM information_schema.TABLES WHERE ${ahead.map(() => '(TABLE_SCHEMA = ? AND TABLE_NAME = ?)').join(' OR ')}`,
    ahead.flatMap((k) => [k.schema, k.table]),
  )
  const next = new Map(counters.map((r) => [`${String(r.s)}.${String(r.t)}`, big(r.n)]))

  ahead.forEach((k, j) => {
    const row = extra.find((r) => Number(r.k) === j)
    const entry = {
      key: k,
      blueMax: blueMax.get(id(k)) ?? null,
      greenMax: greenMax.get(id(k)) as bigint,
      rows: Number(row?.n ?? 0),
      firstOnGreen: big(row?.lo) ?? (greenMax.get(id(k)) as bigint),
      blueNext: next.get(id(k)) ?? null,
    }
    result.ahead.push(entry)
    result.findings.push(...aheadFindings(entry))
  })
  return result
}

function aheadFindings(a: DuplicateKeyRisk['ahead'][number]): Finding[] {
  const { key } = a
  const subject = `${key.schema}.${key.table}.${key.column}`
  const table = tableName(key.schema, key.table)
  const col = ident(key.column)
  const blueMax = a.blueMax === null ? 'none (blue has no rows)' : String(a.blueMax)
  const where = a.blueMax === null ? `${col} >= ${a.firstOnGreen}` : `${col} > ${a.blueMax}`
  const findings: Finding[] = [
    finding({
      code: 'GREEN_ROWS_BEYOND_BLUE',
      subject,
      message: `Green holds ${a.rows} row${a.rows === 1 ? '' : 's'} of ${key.schema}.${key.table} with ${key.column} ${a.firstOnGreen}..${a.greenMax}, beyond blue's largest ${key.column} (${blueMax}): blue never wrote them, so they were written on green. They would reach production at switchover, and blue's next inserts take the same keys.`,
      remedy: `Check and delete them on green: SELECT * FROM ${table} WHERE ${where}; DELETE FROM ${table} WHERE ${where}; then set read_only back to 1 on green. Rows that must be kept: insert them on blue instead, which replicates them.`,
    }),
  ]
  if (a.blueNext !== null && a.blueNext <= a.greenMax) {
    // Blue's counter has not passed green's rows: its inserts will reach them.
    const first = a.firstOnGreen > a.blueNext ? a.firstOnGreen : a.blueNext
    const before = first - a.blueNext
    const when = before === 0n ? "blue's very next insert" : `blue's insert ${before + 1n} from now (after ${before} more)`
    findings.push(finding({
      code: 'AUTO_INCREMENT_COLLISION',
      subject,
      message: `Blue's next AUTO_INCREMENT value for ${key.schema}.${key.table} is ${a.blueNext}, not past the ${key.column} values green holds (${a.firstOnGreen}..${a.greenMax}): ${when} takes ${key.column} ${first}, which green already has, and replication stops with a duplicate key (1062). Rows blue inserts with explicit keys in that range collide at once.`,
      remedy: `Delete the rows written on green (DELETE FROM ${table} WHERE ${where}; on green), or, if they must stay on green, move blue's counter past them: ALTER TABLE ${table} AUTO_INCREMENT = ${a.greenMax + 1n}; on blue.`,
    }))
  }
  return findings
}
