// Statements node-sql-parser 5.4 cannot read but whose effect on replication matters are
// recognised by their keywords (comments stripped, quoted text kept), so that a partitioning
// change or CONVERT TO CHARACTER SET is never reduced to "could not parse":
//   ALTER TABLE ... PARTITION BY | REMOVE PARTITIONING | ADD/DROP/REORGANIZE/COALESCE/
//     EXCHANGE/TRUNCATE PARTITION, CONVERT TO CHARACTER SET, ALTER COLUMN ... SET/DROP DEFAULT,
//     RENAME INDEX/KEY;
//   CREATE TABLE ... PARTITION BY;  CREATE TRIGGER/PROCEDURE/FUNCTION/EVENT (not checked).
// Statements with no schema effect are recognised too, so they are skipped rather than
// reported (SET, START TRANSACTION, COMMIT, LOCK TABLES, ...).
import { type SchemaDifference, difference } from './difference.js'
import type { MigrationState } from './migration-state.js'

const IDENT = '(?:`((?:[^`]|``)+)`|([A-Za-z0-9_$]+))'
const QUALIFIED = `${IDENT}(?:\\s*\\.\\s*${IDENT})?`

export type KeywordResult =
  | { kind: 'skip' }
  | { kind: 'not-checked'; what: string }
  | { kind: 'schema'; differences: SchemaDifference[] }

const NO_SCHEMA_EFFECT = /^(?:set|start\s+transaction|begin|commit|rollback|savepoint|release|lock\s+tables?|unlock\s+tables?|flush|analyze|optimize|check|repair|checksum|show|describe|desc|explain|do|select|grant|revoke|create\s+user|alter\s+user|drop\s+user|create\s+(?:database|schema)|drop\s+(?:database|schema)|use)\b/i

function nameOf(m: RegExpExecArray, offset: number): { db: string | null; table: string } {
  const first = m[offset] ?? m[offset + 1] ?? ''
  const second = m[offset + 2] ?? m[offset + 3]
  return second !== undefined ? { db: first, table: second } : { db: null, table: first }
}

export function recogniseByKeywords(sql: string, state: MigrationState): KeywordResult | null {
  const text = sql.trim()
  if (NO_SCHEMA_EFFECT.test(text)) {
    const use = /^use\s+`?([A-Za-z0-9_$]+)`?/i.exec(text)
    if (use?.[1]) state.defaultSchema = use[1]
    return { kind: 'skip' }
  }
  const routine = /^create\s+(?:or\s+replace\s+)?(?:definer\s*=\s*\S+\s+)?(trigger|procedure|function|event)\b/i.exec(text)
  if (routine) return { kind: 'not-checked', what: `CREATE ${routine[1]?.toUpperCase()}` }

  const create = new RegExp(`^create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?${QUALIFIED}`, 'i').exec(text)
  if (create) {
    const { db, table } = nameOf(create, 1)
    const schema = state.schemaOf(db, table)
    if (state.current(schema, table)) return { kind: 'schema', differences: [] }
    return {
      kind: 'schema',
      differences: [difference('info', 'SCHEMA_TABLE_ADDED', { schema, table }, 'a new table (read by keyword: the SQL parser does not support all of this CREATE TABLE) does not affect replication')],
    }
  }

  const alter = new RegExp(`^alter\\s+(?:online\\s+|ignore\\s+)*table\\s+${QUALIFIED}`, 'i').exec(text)
  if (!alter) return null
  const { db, table } = nameOf(alter, 1)
  const schema = state.schemaOf(db, table)
  const where = { schema, table }
  const out: SchemaDifference[] = []
  const note = ' (read by keyword: the SQL parser does not support this ALTER TABLE; its other clauses were not checked)'
  if (/\bpartition\s+by\b|\bremove\s+partitioning\b|\b(?:add|drop|reorganize|coalesce|exchange|truncate|discard|import)\s+partition\b/i.test(text)) {
    out.push(difference('error', 'SCHEMA_PARTITIONING_CHANGED', where, `the statement changes the partitioning, and replication between differently partitioned tables is not supported${note}`))
  }
  const convert = /\bconvert\s+to\s+(?:character\s+set|charset)\s+`?([A-Za-z0-9_]+)/i.exec(text)
  if (convert) {
    const rowBased = state.ctx.binlogFormat !== 'STATEMENT'
    out.push(
      difference(
        rowBased ? 'error' : 'warning',
        'SCHEMA_CHARSET_CHANGED',
        where,
        rowBased
          ? `CONVERT TO CHARACTER SET ${convert[1]} changes every text column's character set: with binlog_format ${state.ctx.binlogFormat}, row events carry blue's bytes, which green stores unconverted (non-ASCII text is corrupted) or refuses (error 1677)${note}`
          : `CONVERT TO CHARACTER SET ${convert[1]}: statements are converted on green, but characters the new set cannot hold are lost${note}`,
      ),
    )
  }
  const defaults = new RegExp(`\\balter\\s+(?:column\\s+)?${IDENT}\\s+(set|drop)\\s+default\\b`, 'i').exec(text)
  if (defaults) {
    const column = defaults[1] ?? defaults[2] ?? ''
    const rows = state.ctx.binlogFormat === 'ROW'
    out.push(
      difference(
        rows ? 'info' : 'warning',
        'SCHEMA_DEFAULT_CHANGED',
        { ...where, column },
        rows
          ? `the default of \`${column}\` changes; row events carry every value, so only rows written on green differ${note}`
          : `the default of \`${column}\` changes: with binlog_format ${state.ctx.binlogFormat}, an INSERT on blue that omits the column stores a different value on green${note}`,
      ),
    )
  }
  const renameIndex = new RegExp(`\\brename\\s+(?:index|key)\\s+${IDENT}\\s+to\\s+${IDENT}`, 'i').exec(text)
  if (renameIndex) {
    out.push(difference('info', 'SCHEMA_INDEX_CHANGED', { ...where, index: renameIndex[3] ?? renameIndex[4] ?? '' }, `renaming an index does not affect replication${note}`))
  }
  return out.length > 0 ? { kind: 'schema', differences: out } : null
}
