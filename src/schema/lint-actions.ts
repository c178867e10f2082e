// Applies one parsed statement to the migration state and returns the differences it makes
// against blue. Tables whose shape is known (blue's snapshot, or created earlier in the
// migration) are changed as a model and compared like a live green; for a table whose shape
// is unknown (no snapshot given) each ALTER clause is classified by itself, conservatively.
import { type SchemaDifference, difference } from './difference.js'
import { type Ast, asArray, columnFromAst, columnName, emptyTable, indexFromAst, placeColumn, renumber } from './ddl-model.js'
import { judgeChange, type MigrationState } from './migration-state.js'
import type { TableSnapshot } from './types.js'

export interface ActionResult {
  differences: SchemaDifference[]
  /** ALTER clauses that were not understood (reported as not checked). */
  unchecked: string[]
}

interface TableRef {
  schema: string
  table: string
}

function ref(state: MigrationState, node: unknown): TableRef {
  const n = (node ?? {}) as Ast
  const table = String(n.table ?? '')
  return { schema: state.schemaOf(n.db as string | null, table), table }
}

const UNKNOWN = "blue's schema was not given (or does not have the table), so this is judged from the statement alone"

/** ALTER TABLE on a table of unknown shape: each clause judged by itself. */
function classifyClauses(state: MigrationState, t: TableRef, actions: Ast[]): ActionResult {
  const out: SchemaDifference[] = []
  const unchecked: string[] = []
  const where = (column?: string) => ({ schema: t.schema, table: t.table, ...(column ? { column } : {}) })
  for (const a of actions) {
    const action = String(a.action ?? '').toLowerCase()
    const resource = String(a.resource ?? '').toLowerCase()
    const position = String((a.suffix as Ast | null | undefined)?.keyword ?? '').toUpperCase()
    const column = columnName(a.column)
    if (resource === 'column' && action === 'add') {
      out.push(
        position
          ? difference('error', 'SCHEMA_COLUMN_INSERTED', where(column), `ADD COLUMN \`${column}\` ... ${position}${position === 'AFTER' ? ` \`${columnName((a.suffix as Ast).expr)}\`` : ''} places it before existing columns unless that is the last column; ${UNKNOWN}`)
          : difference('info', 'SCHEMA_COLUMN_APPENDED', where(column), `ADD COLUMN \`${column}\` without FIRST/AFTER adds it at the end, which replication tolerates`),
      )
    } else if (resource === 'column' && action === 'drop') {
      out.push(difference('error', 'SCHEMA_COLUMN_DROPPED', where(column), `DROP COLUMN \`${column}\`: row events shift every later column and statements naming it fail on green`))
    } else if (resource === 'column' && action === 'rename') {
      out.push(difference('error', 'SCHEMA_COLUMN_RENAMED', where(column), `RENAME COLUMN \`${columnName(a.old_column)}\` TO \`${column}\`: statements from blue name the old column`))
    } else if (resource === 'column' && (action === 'change' || action === 'modify')) {
      const old = action === 'change' ? columnName(a.old_column) : column
      if (old.toLowerCase() !== column.toLowerCase()) {
        out.push(difference('error', 'SCHEMA_COLUMN_RENAMED', where(column), `CHANGE \`${old}\` \`${column}\` renames the column: statements from blue name the old column`))
      }
      if (position) {
        out.push(difference('error', 'SCHEMA_COLUMN_REORDERED', where(column), `${action.toUpperCase()} ... ${position} moves the column: row-based replication matches columns by position`))
      }
      out.push(
        difference('warning', 'SCHEMA_TYPE_CHANGED', where(column), `${action.toUpperCase()} \`${column}\` redefines the column; whether the new type replicates depends on blue's current type: ${UNKNOWN}`),
      )
    } else if (resource === 'index' || resource === 'key' || (resource === 'constraint' && action === 'add')) {
      const node = (a.create_definitions as Ast | undefined) ?? a
      const kind = String(node.constraint_type ?? node.keyword ?? '').toLowerCase()
      if (kind.includes('foreign') || kind.includes('check')) continue
      const name = String(node.index ?? node.key ?? node.constraint ?? (kind.includes('primary') ? 'PRIMARY' : ''))
      const unique = kind.includes('unique') || kind.includes('primary')
      const indexWhere = { schema: t.schema, table: t.table, index: name || '(unnamed)' }
      out.push(
        action === 'drop'
          ? difference(kind.includes('primary') ? 'warning' : 'info', 'SCHEMA_INDEX_DROPPED', indexWhere, kind.includes('primary') ? 'dropping the primary key makes row events scan the table on green' : 'dropping an index does not affect replication')
          : difference(unique ? 'warning' : 'info', 'SCHEMA_INDEX_ADDED', indexWhere, unique ? 'a new unique key refuses rows blue accepts with a duplicate value (error 1062)' : 'adding an index does not affect replication'),
      )
    } else if (resource === 'table' && action === 'rename') {
      out.push(difference('error', 'SCHEMA_TABLE_RENAMED', where(), `RENAME TO \`${String(a.table)}\`: replication needs the same table name on blue and green`))
    } else if (resource === 'partition') {
      out.push(difference('error', 'SCHEMA_PARTITIONING_CHANGED', where(), `${action.toUpperCase()} PARTITION changes the partitioning, which replication does not support`))
    } else if (resource === 'engine') {
      out.push(difference('warning', 'SCHEMA_ENGINE_CHANGED', where(), `ENGINE=${String(a.engine)}: keep the engine blue uses (InnoDB)`))
    } else if (resource.includes('charset') || resource.includes('character set') || resource.includes('collate')) {
      out.push(difference('info', 'SCHEMA_TABLE_CHARSET_CHANGED', where(), 'the table default character set applies only to columns added later'))
    } else if (resource === 'algorithm' || resource === 'lock') {
      // execution options, no schema effect
    } else {
      unchecked.push(`${action || '?'} ${resource || '?'}`.trim())
    }
  }
  return { differences: out, unchecked }
}

/** Applies ALTER TABLE clauses to a known table's model. */
function alterModel(model: TableSnapshot, actions: Ast[], unchecked: string[]): { renamedTo?: TableRef } {
  let renamedTo: TableRef | undefined
  const find = (name: string) => model.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase())
  for (const a of actions) {
    const action = String(a.action ?? '').toLowerCase()
    const resource = String(a.resource ?? '').toLowerCase()
    if (resource === 'column' && action === 'add') {
      if (a.if_not_exists && find(columnName(a.column)) >= 0) continue
      placeColumn(model, columnFromAst(a, model, 0), a.suffix as Ast | null)
    } else if (resource === 'column' && action === 'drop') {
      const i = find(columnName(a.column))
      if (i >= 0) model.columns.splice(i, 1)
      model.indexes = model.indexes
        .map((x) => ({ ...x, columns: x.columns.filter((c) => c.name?.toLowerCase() !== columnName(a.column).toLowerCase()) }))
        .filter((x) => x.columns.length > 0)
      renumber(model)
    } else if (resource === 'column' && (action === 'change' || action === 'modify')) {
      const old = action === 'change' ? columnName(a.old_column) : columnName(a.column)
      const i = find(old)
      const column = columnFromAst(a, model, 0)
      if (i < 0) {
        unchecked.push(`${action} of unknown column ${old}`)
        continue
      }
      if (a.suffix) {
        model.columns.splice(i, 1)
        placeColumn(model, column, a.suffix as Ast)
      } else {
        model.columns[i] = column
        renumber(model)
      }
      if (old.toLowerCase() !== column.name.toLowerCase()) renameIndexColumn(model, old, column.name)
    } else if (resource === 'column' && action === 'rename') {
      const old = columnName(a.old_column)
      const c = model.columns[find(old)]
      if (c) c.name = columnName(a.column)
      renameIndexColumn(model, old, columnName(a.column))
    } else if (resource === 'index' || resource === 'key' || (resource === 'constraint' && action === 'add')) {
      if (action === 'drop') {
        const name = String(a.keyword ?? '').toLowerCase() === 'primary key' ? 'PRIMARY' : String(a.index ?? a.key ?? '')
        if (String(a.keyword ?? '').toLowerCase() === 'foreign key') continue
        model.indexes = model.indexes.filter((x) => x.name.toLowerCase() !== name.toLowerCase())
      } else {
        const index = indexFromAst((a.create_definitions as Ast | undefined) ?? a, model)
        if (index) model.indexes.push(index)
      }
    } else if (resource === 'table' && action === 'rename') {
      renamedTo = { schema: model.schema, table: String(a.table) }
      model.name = String(a.table)
    } else if (resource === 'partition') {
      const names = asArray<Ast>(a.partitions).map((p) => String((p.name as Ast | undefined)?.value ?? columnName(p.expr)))
      const partitioning = model.partitioning ?? { method: '?', expression: null, subMethod: null, subExpression: null, partitions: [] }
      partitioning.partitions =
        action === 'drop'
          ? partitioning.partitions.filter((p) => !names.includes(p.name))
          : [...partitioning.partitions, ...names.map((name) => ({ name, description: null }))]
      model.partitioning = partitioning
    } else if (resource === 'engine') {
      model.engine = String(a.engine)
    } else if (resource.includes('charset') || resource.includes('character set')) {
      const value = (a[resource] as Ast | undefined)?.value
      model.charset = String(value ?? '').toLowerCase() || model.charset
      model.collation = null
    } else if (resource === 'algorithm' || resource === 'lock') {
      // execution options, no schema effect
    } else {
      unchecked.push(`${action || '?'} ${resource || '?'}`.trim())
    }
  }
  return renamedTo ? { renamedTo } : {}
}

function renameIndexColumn(model: TableSnapshot, from: string, to: string): void {
  for (const index of model.indexes) for (const c of index.columns) if (c.name?.toLowerCase() === from.toLowerCase()) c.name = to
}

function createTable(state: MigrationState, ast: Ast): ActionResult {
  const t = ref(state, asArray(ast.table)[0])
  if (ast.if_not_exists && state.current(t.schema, t.table)) return { differences: [], unchecked: [] }
  const differences = judgeChange(state, [t], () => {
    const like = asArray<Ast>((ast.like as Ast | undefined)?.table)[0]
    if (like) {
      const source = ref(state, like)
      const model = state.editable(source.schema, source.table) ?? emptyTable(t.schema, t.table, [])
      state.set(t.schema, t.table, { ...model, schema: t.schema, name: t.table })
      return
    }
    const model = emptyTable(t.schema, t.table, asArray<Ast>(ast.table_options))
    for (const d of asArray<Ast>(ast.create_definitions)) {
      if (d.resource === 'column') {
        placeColumn(model, columnFromAst(d, model, 0), null)
        const name = columnName(d.column)
        if (d.primary_key) model.indexes.push({ name: 'PRIMARY', primary: true, unique: true, type: 'BTREE', columns: [{ name, subPart: null, expression: null, descending: false }] })
        else if (d.unique) model.indexes.push({ name, primary: false, unique: true, type: 'BTREE', columns: [{ name, subPart: null, expression: null, descending: false }] })
      } else {
        const index = indexFromAst(d, model)
        if (index) model.indexes.push(index)
      }
    }
    state.set(t.schema, t.table, model)
  })
  return { differences, unchecked: [] }
}

function alterTable(state: MigrationState, ast: Ast): ActionResult {
  const t = ref(state, asArray(ast.table)[0])
  const actions = asArray<Ast>(ast.expr)
  if (!state.knows(t.schema, t.table)) return classifyClauses(state, t, actions)
  const unchecked: string[] = []
  let renamedTo: TableRef | undefined
  const touched = [t]
  const rename = actions.find((a) => a.resource === 'table' && a.action === 'rename')
  if (rename) touched.push({ schema: t.schema, table: String(rename.table) })
  const differences = judgeChange(
    state,
    touched,
    () => {
      const model = state.editable(t.schema, t.table)
      if (!model) return
      renamedTo = alterModel(model, actions, unchecked).renamedTo
      if (renamedTo) {
        state.set(t.schema, t.table, null)
        state.set(renamedTo.schema, renamedTo.table, model)
      } else {
        state.set(t.schema, t.table, model)
      }
    },
    rename ? { from: t, to: { schema: t.schema, table: String(rename.table) } } : undefined,
  )
  return { differences, unchecked }
}

function renameTables(state: MigrationState, ast: Ast): ActionResult {
  const out: SchemaDifference[] = []
  for (const pair of asArray<unknown[]>(ast.table)) {
    const from = ref(state, pair[0])
    const to = ref(state, pair[1])
    if (!state.knows(from.schema, from.table)) {
      out.push(difference('error', 'SCHEMA_TABLE_RENAMED', { schema: from.schema, table: from.table }, `RENAME TABLE to \`${to.table}\`: replication needs the same table name on blue and green`))
      continue
    }
    out.push(
      ...judgeChange(
        state,
        [from, to],
        () => {
          const model = state.editable(from.schema, from.table)
          state.set(from.schema, from.table, null)
          if (model) state.set(to.schema, to.table, { ...model, schema: to.schema, name: to.table })
        },
        { from, to },
      ),
    )
  }
  return { differences: out, unchecked: [] }
}

function dropTables(state: MigrationState, ast: Ast): ActionResult {
  const out: SchemaDifference[] = []
  for (const node of asArray(ast.name)) {
    const t = ref(state, node)
    if (!state.knows(t.schema, t.table)) {
      out.push(difference('error', 'SCHEMA_TABLE_MISSING', { schema: t.schema, table: t.table }, 'DROP TABLE: blue keeps writing to the table, and replication stops at its next write (error 1146)'))
      continue
    }
    out.push(...judgeChange(state, [t], () => state.set(t.schema, t.table, null)))
  }
  return { differences: out, unchecked: [] }
}

function indexStatement(state: MigrationState, ast: Ast, drop: boolean): ActionResult {
  const name = drop ? columnName(ast.name) : String(ast.index ?? '')
  const action: Ast = drop
    ? { action: 'drop', resource: 'index', index: name, keyword: 'index' }
    : { action: 'add', resource: 'index', index: name, keyword: String(ast.index_type ?? '') ? `${String(ast.index_type)} index` : 'index', index_columns: ast.index_columns, definition: ast.index_columns }
  return alterTable(state, { table: [ast.table], expr: [action] })
}

/** Dispatches one parsed DDL statement. Returns null for statements without a schema effect. */
export function applyDdl(state: MigrationState, ast: Ast): ActionResult | null {
  const type = String(ast.type ?? '').toLowerCase()
  const keyword = String(ast.keyword ?? '').toLowerCase()
  if (type === 'use') {
    state.defaultSchema = String(ast.db ?? '') || state.defaultSchema
    return null
  }
  if (type === 'create' && keyword === 'table') return createTable(state, ast)
  if (type === 'create' && keyword === 'index') return indexStatement(state, ast, false)
  if (type === 'drop' && keyword === 'index') return indexStatement(state, ast, true)
  if (type === 'drop' && keyword === 'table') return dropTables(state, ast)
  if (type === 'alter') return alterTable(state, ast)
  if (type === 'rename') return renameTables(state, ast)
  return null
}
