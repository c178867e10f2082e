// Blue's snapshot against green's: every difference, classified compatible or incompatible
// for the actual replication setup (blue's binlog_format, green's replica_type_conversions).
// Tables are matched by schema and name; a table missing on green plus a new one with the
// same columns is a rename.
import { comparePartitioning, compareIndexes } from './compare-indexes.js'
import { compareColumns } from './compare-columns.js'
import { type SchemaDifference, difference } from './difference.js'
import type { ReplicationContext, SchemaSnapshot, TableSnapshot } from './types.js'

function tableKey(t: { schema: string; name: string }, lowerCase: boolean): string {
  const k = `${t.schema}.${t.name}`
  return lowerCase ? k.toLowerCase() : k
}

/** Column names and types in order: two tables with the same signature hold the same data. */
function signature(t: TableSnapshot): string {
  return t.columns.map((c) => `${c.name.toLowerCase()}:${c.columnType}`).join(',')
}

/** Compares one table present on both sides (or, with the model of a migration, before and after). */
export function compareTable(blue: TableSnapshot, green: TableSnapshot, ctx: ReplicationContext): SchemaDifference[] {
  const out: SchemaDifference[] = []
  const where = { schema: green.schema, table: green.name }
  if (blue.engine && green.engine && blue.engine.toLowerCase() !== green.engine.toLowerCase()) {
    const transactional = /^innodb$/i.test(green.engine)
    out.push(
      difference(
        transactional ? 'info' : 'warning',
        'SCHEMA_ENGINE_CHANGED',
        where,
        transactional
          ? `engine ${blue.engine} on blue, ${green.engine} on green: replication works across engines`
          : `engine ${blue.engine} on blue, ${green.engine} on green: a non-transactional table on green can diverge when a replicated transaction fails halfway, and Blue/Green deployments expect InnoDB`,
        { blue: blue.engine, green: green.engine },
      ),
    )
  }
  const charsetDiffers = Boolean(blue.charset && green.charset && blue.charset.toLowerCase() !== green.charset.toLowerCase())
  const collationDiffers = Boolean(blue.collation && green.collation && blue.collation.toLowerCase() !== green.collation.toLowerCase())
  if (charsetDiffers || collationDiffers) {
    out.push(
      difference(
        'info',
        'SCHEMA_TABLE_CHARSET_CHANGED',
        where,
        `table default ${blue.collation ?? blue.charset} on blue, ${green.collation ?? green.charset} on green: it only applies to columns added later; existing columns are compared one by one`,
        { blue: blue.collation ?? blue.charset ?? '', green: green.collation ?? green.charset ?? '' },
      ),
    )
  }
  out.push(...compareColumns(blue, green, ctx))
  out.push(...compareIndexes(blue, green))
  out.push(...comparePartitioning(blue, green))
  return out
}

export function tableAdded(t: TableSnapshot): SchemaDifference {
  return difference(
    'info',
    'SCHEMA_TABLE_ADDED',
    { schema: t.schema, table: t.name },
    'the table exists only on green: blue never writes to it, so replication is unaffected',
    { blue: 'missing', green: `${t.columns.length} columns` },
  )
}

export function tableMissing(t: TableSnapshot): SchemaDifference {
  return difference(
    'error',
    'SCHEMA_TABLE_MISSING',
    { schema: t.schema, table: t.name },
    "the table exists on blue but not on green: replication stops at blue's next write to it (error 1146), and its data is not on green",
    { blue: `${t.columns.length} columns`, green: 'missing' },
  )
}

export function tableRenamed(from: TableSnapshot, to: TableSnapshot): SchemaDifference {
  return difference(
    'error',
    'SCHEMA_TABLE_RENAMED',
    { schema: from.schema, table: from.name },
    `\`${from.schema}\`.\`${from.name}\` on blue is \`${to.schema}\`.\`${to.name}\` on green (same columns): replication needs the same database and table names, so blue's next write to it stops replication (error 1146)`,
    { blue: `${from.schema}.${from.name}`, green: `${to.schema}.${to.name}` },
  )
}

/** Every difference between blue and green, ordered by table, errors of a table first. */
export function compareSnapshots(blue: SchemaSnapshot, green: SchemaSnapshot, ctx: ReplicationContext): SchemaDifference[] {
  const lower = blue.server.lowerCaseTableNames > 0 || green.server.lowerCaseTableNames > 0
  const greenTables = new Map(green.tables.map((t) => [tableKey(t, lower), t]))
  const blueKeys = new Set(blue.tables.map((t) => tableKey(t, lower)))
  const out: SchemaDifference[] = []
  const missing: TableSnapshot[] = []
  for (const b of blue.tables) {
    const g = greenTables.get(tableKey(b, lower))
    if (g) out.push(...compareTable(b, g, ctx))
    else missing.push(b)
  }
  const added = green.tables.filter((t) => !blueKeys.has(tableKey(t, lower)))

  // Renames: a missing table and an added one with the same columns, paired once each.
  const addedBySignature = new Map<string, TableSnapshot[]>()
  for (const a of added) {
    const list = addedBySignature.get(signature(a)) ?? []
    list.push(a)
    addedBySignature.set(signature(a), list)
  }
  const renamedTo = new Set<TableSnapshot>()
  for (const m of missing) {
    const candidates = (addedBySignature.get(signature(m)) ?? []).filter((a) => !renamedTo.has(a))
    const target = candidates.find((a) => a.schema === m.schema) ?? candidates[0]
    if (target && m.columns.length > 0) {
      renamedTo.add(target)
      out.push(tableRenamed(m, target))
    } else {
      out.push(tableMissing(m))
    }
  }
  for (const a of added) if (!renamedTo.has(a)) out.push(tableAdded(a))

  const rank = { error: 0, warning: 1, info: 2 } as const
  return out.sort((x, y) =>
    x.schema !== y.schema ? (x.schema < y.schema ? -1 : 1) : x.table !== y.table ? (x.table < y.table ? -1 : 1) : rank[x.level] - rank[y.level],
  )
}
