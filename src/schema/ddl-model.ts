// Turns node-sql-parser's AST of CREATE TABLE / ALTER TABLE / CREATE INDEX into changes of a
// TableSnapshot model, so that a migration can be judged with the same comparison as a live
// green: the model starts as blue's table and each statement is applied to it.
//
// Where the AST is thin (checked against node-sql-parser 5.4, MySQL and MariaDB grammars):
//  - ADD/CHANGE/MODIFY ... FIRST | AFTER col arrives as `suffix: { keyword: 'FIRST' | 'AFTER', expr }`;
//    it is read from there and, as a fallback, from the statement text (see positionFromText).
//  - Column defaults and generated expressions are not rendered back to SQL; only their kind
//    (none / NULL / literal / expression) is kept, so the lint does not compare their text.
import { charsetOfCollation } from './column-type.js'
import type { ColumnDefault, ColumnSnapshot, IndexColumn, IndexSnapshot, TableSnapshot } from './types.js'

/** The loosely typed AST nodes this file reads (node-sql-parser's own types are partial). */
export type Ast = Record<string, unknown>

export function asArray<T = Ast>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : value === null || value === undefined ? [] : [value as T]
}

/** A column name from a column_ref, whose `column` is a string or `{ expr: { value } }`. */
export function columnName(ref: unknown): string {
  if (!ref || typeof ref !== 'object') return typeof ref === 'string' ? ref : ''
  const column = (ref as Ast).column
  if (typeof column === 'string') return column
  const expr = (column as Ast | undefined)?.expr as Ast | undefined
  return typeof expr?.value === 'string' ? expr.value : ''
}

const TYPE_ALIASES: Record<string, string> = { integer: 'int', boolean: 'tinyint(1)', bool: 'tinyint(1)', numeric: 'decimal', dec: 'decimal' }

/** COLUMN_TYPE as information_schema would write it, from an AST data type definition. */
export function columnTypeOf(definition: Ast): string {
  const raw = String(definition.dataType ?? '').toLowerCase()
  let type = TYPE_ALIASES[raw] ?? raw
  const members = asArray<Ast>((definition.expr as Ast | undefined)?.value)
  if (members.length > 0 && (raw === 'enum' || raw === 'set')) {
    type += `(${members.map((m) => `'${String(m.value).replace(/'/g, "''")}'`).join(',')})`
  } else if (typeof definition.length === 'number' && !type.includes('(')) {
    const scale = typeof definition.scale === 'number' ? `,${definition.scale}` : ''
    type += `(${definition.length}${scale})`
  } else if (type === 'decimal') {
    type += '(10,0)' // MySQL's default precision
  }
  const suffix = asArray<string>(definition.suffix).map((s) => String(s).toLowerCase())
  if (suffix.includes('unsigned')) type += ' unsigned'
  if (suffix.includes('zerofill')) type += ' zerofill'
  return type
}

function defaultOf(node: Ast, nullable: boolean): ColumnDefault {
  const value = (node.default_val as Ast | undefined)?.value as Ast | undefined
  if (!value) return nullable ? { kind: 'null' } : { kind: 'none' }
  if (value.type === 'null') return { kind: 'null' }
  if (['number', 'single_quote_string', 'double_quote_string', 'string', 'bool'].includes(String(value.type))) {
    return { kind: 'literal', value: String(value.value) }
  }
  return { kind: 'expression', value: '(not rendered)' }
}

/** A column from an AST column definition (CREATE TABLE, ADD, CHANGE, MODIFY). */
export function columnFromAst(node: Ast, table: TableSnapshot, position: number): ColumnSnapshot {
  const definition = (node.definition ?? {}) as Ast
  const columnType = columnTypeOf(definition)
  const stringy = /char|text|enum|set/.test(columnType) && !/binary|blob/.test(columnType)
  const charsetNode = (node.character_set as Ast | undefined)?.value as Ast | undefined
  const collateNode = ((node.collate as Ast | undefined)?.collate as Ast | undefined)?.name
  const collation = typeof collateNode === 'string' ? collateNode.toLowerCase() : null
  const charset = typeof charsetNode?.value === 'string' ? charsetNode.value.toLowerCase() : charsetOfCollation(collation)
  const nullable = (node.nullable as Ast | undefined)?.type !== 'not null' && !node.primary_key
  const generated = node.generated as Ast | undefined
  return {
    name: columnName(node.column),
    position,
    columnType,
    dataType: columnType.split(/[\s(]/)[0] ?? columnType,
    charLength: null,
    octetLength: null,
    numericPrecision: null,
    numericScale: null,
    datetimePrecision: null,
    charset: stringy ? (charset ?? table.charset) : null,
    collation: stringy ? (collation ?? (charset && charset !== table.charset ? null : table.collation)) : null,
    nullable,
    default: generated ? { kind: 'none' } : defaultOf(node, nullable),
    extra: node.auto_increment ? 'auto_increment' : '',
    generated: generated ? { expression: '(not rendered)', stored: /stored|persistent/i.test(String(generated.storage_type ?? '')) } : null,
    invisible: false,
  }
}

function subPartOf(suffix: unknown): number | null {
  const m = /\((\d+)\)/.exec(String(suffix ?? ''))
  return m ? Number(m[1]) : null
}

function indexColumns(list: unknown): IndexColumn[] {
  return asArray<Ast>(list).map((c) => ({
    name: columnName(c) || null,
    subPart: subPartOf(c.suffix),
    expression: null,
    descending: String(c.order_by ?? '').toUpperCase() === 'DESC',
  }))
}

/** An index from ADD INDEX / ADD KEY / ADD UNIQUE / ADD PRIMARY KEY / CREATE INDEX nodes; null for foreign keys and checks. */
export function indexFromAst(node: Ast, table: TableSnapshot): IndexSnapshot | null {
  const kind = String(node.constraint_type ?? node.keyword ?? node.index_type ?? '').toLowerCase()
  if (kind.includes('foreign') || kind.includes('check')) return null
  const columns = indexColumns(node.definition ?? node.index_columns)
  if (columns.length === 0) return null
  const primary = kind.includes('primary')
  const unique = primary || kind.includes('unique') || String(node.index_type ?? '').toLowerCase() === 'unique'
  const type = kind.includes('fulltext') ? 'FULLTEXT' : kind.includes('spatial') ? 'SPATIAL' : 'BTREE'
  let name = primary ? 'PRIMARY' : String(node.index ?? node.constraint ?? '') || (columns[0]?.name ?? 'idx')
  // MySQL names an unnamed index after its first column, adding _2, _3 ... when taken.
  if (!primary && !node.index && !node.constraint) {
    const taken = new Set(table.indexes.map((i) => i.name.toLowerCase()))
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${columns[0]?.name ?? 'idx'}_${n}`
  }
  return { name, primary, unique, type, columns }
}

/** A new, empty table model in `schema` with the table options of a CREATE TABLE. */
export function emptyTable(schema: string, name: string, options: Ast[]): TableSnapshot {
  let engine: string | null = 'InnoDB'
  let charset: string | null = null
  let collation: string | null = null
  for (const o of options) {
    const keyword = String(o.keyword ?? '').toLowerCase()
    const value = typeof o.value === 'object' && o.value ? (o.value as Ast).value : o.value
    if (keyword === 'engine') engine = String(value)
    if (keyword.includes('charset') || keyword.includes('character set')) charset = String(value).toLowerCase()
    if (keyword.includes('collate')) collation = String(value).toLowerCase()
  }
  return {
    schema,
    name,
    engine,
    collation,
    charset: charset ?? charsetOfCollation(collation),
    autoIncrement: null,
    columns: [],
    indexes: [],
    partitioning: null,
  }
}

export function renumber(table: TableSnapshot): void {
  table.columns.forEach((c, i) => {
    c.position = i + 1
  })
}

/** Inserts `column` where the AST suffix says (FIRST, AFTER x) or at the end. */
export function placeColumn(table: TableSnapshot, column: ColumnSnapshot, suffix: Ast | null | undefined): void {
  const keyword = String(suffix?.keyword ?? '').toUpperCase()
  if (keyword === 'FIRST') table.columns.unshift(column)
  else if (keyword === 'AFTER') {
    const after = columnName(suffix?.expr).toLowerCase()
    const index = table.columns.findIndex((c) => c.name.toLowerCase() === after)
    table.columns.splice(index < 0 ? table.columns.length : index + 1, 0, column)
  } else table.columns.push(column)
  renumber(table)
}

/** Deep copy, so that a statement's change never alters blue's snapshot or an earlier state. */
export function cloneTable(table: TableSnapshot): TableSnapshot {
  return structuredClone(table)
}
