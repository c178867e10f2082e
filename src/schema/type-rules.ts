// Whether a column type that differs between blue (the replication source) and green (the
// replica) still replicates, following MySQL's "Replication with Differing Table Definitions
// on Source and Replica" (refman 8.0/8.4, section 19.5.1.9.2 "Replication of Columns Having
// Different Data Types") and MariaDB's "Replication When the Primary and Replica Have
// Different Table Definitions":
//
//  - Statement-based: the statement runs again on green, so a change is fine when every
//    statement that succeeds on blue also succeeds on green ("attribute promotion": a wider
//    type takes every value; a narrower one fails in strict mode or truncates).
//  - Row-based: green receives the raw column image and compares the source type with its
//    own (MySQL sql/rpl_utility.cc can_convert_field_to): same type and size -> copied as is;
//    a conversion inside one group (integers; DECIMAL/FLOAT/DOUBLE; CHAR/VARCHAR/TEXT;
//    BINARY/VARBINARY/BLOB; BIT) is allowed only when replica_type_conversions (formerly
//    slave_type_conversions) has ALL_NON_LOSSY (to a larger size, or the same size of a
//    different type) or ALL_LOSSY (to a smaller size); anything else stops the SQL thread with
//    error 1677 (ER_SLAVE_CONVERSION_FAILED). Across groups there is no conversion at all.
//  - MIXED: statements, except those unsafe for statement logging (UUID(), LIMIT without
//    ORDER BY, ...) and every InnoDB write under READ COMMITTED, which are logged as rows.
//
// Verified on MariaDB 10.11 with real replication (ROW; STATEMENT; MIXED; replica
// conversions empty / ALL_NON_LOSSY / ALL_LOSSY,ALL_NON_LOSSY):
//  - ROW, empty conversions: VARCHAR(10)->VARCHAR(20), VARCHAR(255)->TEXT, CHAR(10)->VARCHAR(10),
//    INT->BIGINT, FLOAT->DOUBLE, DECIMAL(10,2)->DECIMAL(12,2), BIT(3)->BIT(8) all stop with 1677;
//    with ALL_NON_LOSSY they apply; narrowing needs ALL_LOSSY.
//  - ROW: INT->INT UNSIGNED applies silently and turns -1 into 4294967295; ENUM('a','b') ->
//    ENUM('c','a','b') applies silently and turns 'b' into 'a' (rows carry the member index).
//  - ROW on MariaDB: DATETIME->DATETIME(3) fails with error 1030 even with ALL_NON_LOSSY.
//  - MIXED, empty conversions: VARCHAR(255)->TEXT applies for a plain INSERT (seed 003's
//    experience) but stops with 1677 for an INSERT using UUID() or run under READ COMMITTED.
//  - STATEMENT: widening applies; INT->INT UNSIGNED stops with 1264 (out of range) for -1.
import type { Level } from '../findings/finding.js'
import { INTEGER_BYTES, type ParsedType, charsetBytes, maxBytes, memberPackLength, parseColumnType } from './column-type.js'
import type { ColumnSnapshot, ReplicationContext } from './types.js'

export type ConversionKind = 'identical' | 'widened' | 'narrowed' | 'changed'

/** What row-based replication does with the column image (see the header). */
type RowBehaviour = 'as-is' | 'non-lossy' | 'lossy' | 'impossible' | 'corrupts'

interface Conversion {
  kind: ConversionKind
  row: RowBehaviour
  /** Whether every statement that succeeds on blue also succeeds, with the same value, on green. */
  statementOk: boolean
  note?: string
}

export interface TypeVerdict {
  kind: ConversionKind
  level: Level
  compatible: boolean
  reason: string
}

const IDENTICAL: TypeVerdict = { kind: 'identical', level: 'info', compatible: true, reason: 'same type' }

/** The parts of a column the type rules read. */
export type TypedColumn = Pick<ColumnSnapshot, 'columnType' | 'charset' | 'octetLength'>

/**
 * The conversion table, one row per type group: how a size is measured inside the group and
 * what row-based replication does. Cross-group changes have no row conversion (rpl_utility.cc).
 */
function withinGroup(b: ParsedType, g: ParsedType, blue: TypedColumn, green: TypedColumn, greenFlavor?: string): Conversion {
  switch (b.family) {
    case 'integer': {
      // compare_lengths() orders integers by bytes; signedness is not converted: the row image
      // is reinterpreted (ALL_SIGNED is the default), so a sign change corrupts values.
      if (b.unsigned !== g.unsigned) {
        const bBytes = INTEGER_BYTES[b.base] ?? 8
        const gBytes = INTEGER_BYTES[g.base] ?? 8
        const fits = b.unsigned && !g.unsigned && gBytes > bBytes
        return { kind: 'changed', row: 'corrupts', statementOk: fits, note: 'signed and unsigned differ' }
      }
      return bySize(INTEGER_BYTES[b.base] ?? 8, INTEGER_BYTES[g.base] ?? 8, b.base !== g.base)
    }
    case 'decimal':
    case 'float': {
      if (b.base === 'decimal' && g.base === 'decimal') return byPrecision(b, g)
      if (b.family === 'float' && g.family === 'float') {
        if (b.base === g.base) return byPrecision(b, g)
        return b.base === 'float' ? widened('non-lossy') : narrowed() // FLOAT -> DOUBLE and back
      }
      // DECIMAL <-> FLOAT/DOUBLE: rpl_utility.cc always requires ALL_LOSSY (inexact either way).
      return narrowed('exact and approximate numbers differ')
    }
    case 'string':
    case 'binary': {
      // Strings compare in bytes (charset decides bytes per character); the same size of a
      // different type (CHAR(10) -> VARCHAR(10)) still needs ALL_NON_LOSSY.
      const bBytes = maxBytes(b, blue.charset, blue.octetLength)
      const gBytes = maxBytes(g, green.charset, green.octetLength)
      const bChars = b.family === 'binary' ? bBytes : isLob(b) ? Math.floor(bBytes / charsetBytes(blue.charset)) : (b.args[0] ?? 1)
      const gChars = g.family === 'binary' ? gBytes : isLob(g) ? Math.floor(gBytes / charsetBytes(green.charset)) : (g.args[0] ?? 1)
      if (gBytes >= bBytes && gChars >= bChars) {
        if (gBytes === bBytes && gChars === bChars && b.base === g.base) return identical()
        return widened('non-lossy')
      }
      return narrowed()
    }
    case 'bit':
      return bySize(b.args[0] ?? 1, g.args[0] ?? 1, false)
    case 'temporal': {
      if (b.base !== g.base) {
        const promotes = (b.base === 'date' && (g.base === 'datetime' || g.base === 'timestamp')) || (b.base === 'timestamp' && g.base === 'datetime')
        return { kind: 'changed', row: 'impossible', statementOk: promotes, note: 'different temporal types' }
      }
      const conversion = bySize(b.args[0] ?? 0, g.args[0] ?? 0, false)
      // MariaDB 10.11 refuses a fractional-seconds change in row events (error 1030), whatever the setting.
      if (conversion.kind === 'widened' && greenFlavor === 'mariadb') conversion.row = 'impossible'
      return conversion
    }
    case 'enum':
    case 'set': {
      // Rows carry the member index (or bit mask), never the text.
      const blueMembers = b.members
      const greenMembers = g.members
      const prefix = blueMembers.every((m, i) => greenMembers[i] === m)
      if (prefix && blueMembers.length === greenMembers.length) return identical()
      const rowSize: RowBehaviour = memberPackLength(b) === memberPackLength(g) ? 'as-is' : 'non-lossy'
      if (prefix) return { kind: 'widened', row: rowSize, statementOk: true, note: 'members appended' }
      const contained = blueMembers.every((m) => greenMembers.includes(m))
      if (contained) return { kind: 'changed', row: 'corrupts', statementOk: true, note: 'members reordered or inserted' }
      return { kind: 'narrowed', row: 'corrupts', statementOk: false, note: 'members removed' }
    }
    default:
      return normalised(blue.columnType) === normalised(green.columnType)
        ? identical()
        : { kind: 'changed', row: 'impossible', statementOk: false }
  }
}

function identical(): Conversion {
  return { kind: 'identical', row: 'as-is', statementOk: true }
}

function widened(row: RowBehaviour): Conversion {
  return { kind: 'widened', row, statementOk: true }
}

function narrowed(note?: string): Conversion {
  return { kind: 'narrowed', row: 'lossy', statementOk: false, ...(note ? { note } : {}) }
}

function bySize(blueSize: number, greenSize: number, differentType: boolean): Conversion {
  if (greenSize > blueSize) return widened('non-lossy')
  if (greenSize < blueSize) return narrowed()
  return differentType ? widened('non-lossy') : identical()
}

/** DECIMAL(p,s): green must keep at least as many integer digits and as many decimals. */
function byPrecision(b: ParsedType, g: ParsedType): Conversion {
  const fallback = b.base === 'decimal' ? 10 : 65 // DECIMAL's default precision; FLOAT/DOUBLE unconstrained
  const [bp = fallback, bs = 0] = b.args
  const [gp = fallback, gs = 0] = g.args
  if (bp === gp && bs === gs) return identical()
  if (gp - gs >= bp - bs && gs >= bs) return widened('non-lossy')
  return narrowed()
}

function isLob(t: ParsedType): boolean {
  return /text$|blob$/.test(t.base)
}

function normalised(columnType: string): string {
  return columnType.toLowerCase().replace(/\s+/g, ' ').trim()
}

function crossGroup(b: ParsedType, g: ParsedType): Conversion {
  // No row conversion exists between groups. Statements still apply where SQL converts the
  // value without loss: integer -> exact/approximate number, text <-> bytes of the same size.
  const numeric = b.family === 'integer' && (g.family === 'decimal' || g.family === 'float')
  const textBytes = (b.family === 'string' && g.family === 'binary') || (b.family === 'binary' && g.family === 'string')
  return { kind: 'changed', row: 'impossible', statementOk: numeric || textBytes, note: `${b.base} and ${g.base} are in different type groups` }
}

/** Classifies blue's column type against green's, without judging the servers' settings. */
export function compareTypes(blue: TypedColumn, green: TypedColumn, greenFlavor?: string): Conversion {
  // The same declared type in another character set is a character set change, reported as such.
  if (normalised(blue.columnType) === normalised(green.columnType)) return identical()
  const b = parseColumnType(blue.columnType)
  const g = parseColumnType(green.columnType)
  const sameGroup =
    b.family === g.family || ((b.family === 'decimal' || b.family === 'float') && (g.family === 'decimal' || g.family === 'float'))
  if (!sameGroup) return crossGroup(b, g)
  if (b.family === 'other' && b.base !== g.base) return { kind: 'changed', row: 'impossible', statementOk: false }
  return withinGroup(b, g, blue, green, greenFlavor)
}

/**
 * The verdict for one column whose type differs: kind, level (error blocks the switchover)
 * and the reason in terms of blue's binlog_format and green's replica_type_conversions.
 */
export function judgeTypeChange(blue: TypedColumn, green: TypedColumn, ctx: ReplicationContext): TypeVerdict {
  if (blue.columnType === green.columnType) return IDENTICAL
  const c = compareTypes(blue, green, ctx.greenFlavor)
  const from = `${blue.columnType} -> ${green.columnType}`
  const conversions = ctx.typeConversions.length ? ctx.typeConversions.join(',') : 'empty'
  const nonLossy = ctx.typeConversions.includes('ALL_NON_LOSSY')
  const note = c.note ? ` (${c.note})` : ''
  const rowWorks = c.row === 'as-is' || (c.row === 'non-lossy' && nonLossy)
  const rowFailure =
    c.row === 'corrupts'
      ? 'row events would apply silently with wrong values (they carry the raw value or member index)'
      : c.row === 'impossible'
        ? 'row events cannot be converted between these types (the replica stops with error 1677 or 1030)'
        : c.row === 'lossy'
          ? 'row events stop the replica with error 1677 unless replica_type_conversions has ALL_LOSSY, and then values are truncated'
          : `row events stop the replica with error 1677 because green's replica_type_conversions is ${conversions}, not ALL_NON_LOSSY`

  if (c.kind === 'identical') return { kind: c.kind, level: 'info', compatible: true, reason: `${from}: same type` }

  if (c.kind === 'narrowed') {
    const why =
      ctx.binlogFormat === 'STATEMENT'
        ? 'a value that fits on blue fails on green in strict mode (stopping replication) or is truncated'
        : rowFailure
    return { kind: c.kind, level: 'error', compatible: false, reason: `${from} narrows the column${note}: ${why}` }
  }

  if (c.kind === 'changed') {
    if (ctx.binlogFormat === 'STATEMENT' && c.statementOk) {
      return {
        kind: c.kind,
        level: 'warning',
        compatible: true,
        reason: `${from}${note}: with statement-based replication the statements re-run on green and convert each value; check they mean the same on green`,
      }
    }
    const why = ctx.binlogFormat === 'STATEMENT' ? 'statements that succeed on blue can fail or store other values on green' : rowFailure
    return { kind: c.kind, level: 'error', compatible: false, reason: `${from} changes the type${note}: ${why}` }
  }

  // widened
  if (ctx.binlogFormat === 'STATEMENT' || rowWorks) {
    const how =
      ctx.binlogFormat === 'STATEMENT'
        ? 'statement-based replication re-runs each statement on green, where every value fits'
        : c.row === 'as-is'
          ? 'row events carry the same image, which green reads unchanged'
          : "green's replica_type_conversions includes ALL_NON_LOSSY, so row events are converted without loss"
    return { kind: c.kind, level: 'info', compatible: true, reason: `${from} widens the column${note}: ${how}` }
  }
  if (ctx.binlogFormat === 'MIXED') {
    return {
      kind: c.kind,
      level: 'warning',
      compatible: true,
      reason:
        `${from} widens the column${note}: with binlog_format MIXED most changes arrive as statements and apply, ` +
        `but ${rowFailure.replace('row events', 'changes logged as rows (unsafe statements such as UUID(), or any write under READ COMMITTED)')}`,
    }
  }
  return { kind: c.kind, level: 'error', compatible: false, reason: `${from} widens the column${note}, but with binlog_format ROW ${rowFailure}` }
}
