// The schema a migration builds up, statement by statement: blue's tables (from its
// snapshot, when one is given) plus every change the migration files made so far. Each
// statement is judged by what it adds to the differences between blue and this state, so a
// statement is blamed only for what it changes, and a column added then dropped again in
// the same migration leaves nothing behind.
import { compareTable, tableAdded, tableMissing, tableRenamed } from './compare.js'
import type { SchemaDifference } from './difference.js'
import { cloneTable } from './ddl-model.js'
import type { ReplicationContext, SchemaSnapshot, TableSnapshot } from './types.js'

export class MigrationState {
  private readonly blue = new Map<string, TableSnapshot>()
  private readonly changed = new Map<string, TableSnapshot | null>()
  private readonly blueSchemas: string[]
  readonly hasBlue: boolean
  defaultSchema: string | null

  constructor(
    blueSnapshot: SchemaSnapshot | undefined,
    readonly ctx: ReplicationContext,
    defaultSchema?: string,
  ) {
    this.hasBlue = blueSnapshot !== undefined
    for (const t of blueSnapshot?.tables ?? []) this.blue.set(MigrationState.key(t.schema, t.name), t)
    this.blueSchemas = blueSnapshot?.schemas ?? []
    this.defaultSchema = defaultSchema ?? (this.blueSchemas.length === 1 ? (this.blueSchemas[0] ?? null) : null)
  }

  static key(schema: string, table: string): string {
    return `${schema}.${table}`.toLowerCase()
  }

  /** The schema of a possibly unqualified table name: given, USE, the default, or the only blue schema holding it. */
  schemaOf(db: string | null | undefined, table: string): string {
    if (db) return db
    if (this.defaultSchema) return this.defaultSchema
    const holders = [...this.blue.values()].filter((t) => t.name.toLowerCase() === table.toLowerCase())
    return holders.length === 1 ? (holders[0]?.schema ?? '') : ''
  }

  /** The table as the migration has left it so far; undefined when neither blue nor the migration has it. */
  current(schema: string, table: string): TableSnapshot | undefined {
    const key = MigrationState.key(schema, table)
    if (this.changed.has(key)) return this.changed.get(key) ?? undefined
    return this.blue.get(key)
  }

  /** Whether the table's current shape is known (from blue's snapshot or created by the migration). */
  knows(schema: string, table: string): boolean {
    const key = MigrationState.key(schema, table)
    return this.changed.has(key) || this.blue.has(key)
  }

  blueTable(schema: string, table: string): TableSnapshot | undefined {
    return this.blue.get(MigrationState.key(schema, table))
  }

  /** A copy to change; the caller hands it back with `set`. */
  editable(schema: string, table: string): TableSnapshot | undefined {
    const t = this.current(schema, table)
    return t ? cloneTable(t) : undefined
  }

  set(schema: string, table: string, model: TableSnapshot | null): void {
    this.changed.set(MigrationState.key(schema, table), model)
  }

  tablesOfSchema(schema: string): TableSnapshot[] {
    const out = new Map<string, TableSnapshot>()
    for (const [k, t] of this.blue) if (t.schema.toLowerCase() === schema.toLowerCase()) out.set(k, t)
    for (const [k, t] of this.changed) {
      if (t === null) out.delete(k)
      else if (t.schema.toLowerCase() === schema.toLowerCase()) out.set(k, t)
    }
    return [...out.values()]
  }

  /** Differences between blue's table and the current state of the same name. */
  differences(schema: string, table: string): SchemaDifference[] {
    const b = this.blueTable(schema, table)
    const m = this.current(schema, table)
    if (b && m) return compareTable(b, m, this.ctx)
    if (b) return [tableMissing(b)]
    if (m) return [tableAdded(m)]
    return []
  }
}

function identity(d: SchemaDifference): string {
  return `${d.code}|${d.schema}.${d.table}|${d.column ?? ''}|${d.index ?? ''}|${d.level}`.toLowerCase()
}

/**
 * Runs `change` and returns the differences it introduced for the tables it touched. A table
 * missing under its old name and present under a new one with blue's columns is a rename.
 */
export function judgeChange(
  state: MigrationState,
  touched: Array<{ schema: string; table: string }>,
  change: () => void,
  renamed?: { from: { schema: string; table: string }; to: { schema: string; table: string } },
): SchemaDifference[] {
  const before = new Set(touched.flatMap((t) => state.differences(t.schema, t.table)).map(identity))
  change()
  let after = touched.flatMap((t) => state.differences(t.schema, t.table))
  if (renamed) {
    const blue = state.blueTable(renamed.from.schema, renamed.from.table)
    const model = state.current(renamed.to.schema, renamed.to.table)
    if (blue && model) {
      after = after.filter(
        (d) =>
          !(d.code === 'SCHEMA_TABLE_MISSING' && d.table === blue.name) &&
          !(d.code === 'SCHEMA_TABLE_ADDED' && d.table === model.name),
      )
      after.unshift(tableRenamed(blue, model))
    }
  }
  return after.filter((d) => !before.has(identity(d)))
}
