// Aligns blue's and green's columns of one table and classifies each difference. Row-based
// replication matches columns by position, not by name (refman 19.5.1.9.1: "columns common
// to both versions of the table must be defined in the same order ... and before any
// additional columns"), so order matters as much as names and types.
import { describeDefault, sameDefault } from './column-default.js'
import { type SchemaDifference, difference } from './difference.js'
import { compareTypes, judgeTypeChange } from './type-rules.js'
import type { ColumnSnapshot, IndexSnapshot, ReplicationContext, TableSnapshot } from './types.js'

interface Pair {
  blue: ColumnSnapshot
  green: ColumnSnapshot
  renamed: boolean
}

/** Blue columns matched to green ones: by name, then blue-only and green-only at the same position as renames. */
function align(blue: ColumnSnapshot[], green: ColumnSnapshot[]): { pairs: Pair[]; dropped: ColumnSnapshot[]; added: ColumnSnapshot[] } {
  const greenByName = new Map(green.map((c) => [c.name.toLowerCase(), c]))
  const blueNames = new Set(blue.map((c) => c.name.toLowerCase()))
  const pairs: Pair[] = []
  const blueOnly: ColumnSnapshot[] = []
  for (const b of blue) {
    const g = greenByName.get(b.name.toLowerCase())
    if (g) pairs.push({ blue: b, green: g, renamed: false })
    else blueOnly.push(b)
  }
  const greenOnly = green.filter((g) => !blueNames.has(g.name.toLowerCase()))
  const greenOnlyByPosition = new Map(greenOnly.map((g) => [g.position, g]))
  const dropped: ColumnSnapshot[] = []
  const renamedGreen = new Set<ColumnSnapshot>()
  for (const b of blueOnly) {
    // A column that lost its name but kept its place (and kind of type) was renamed.
    const g = greenOnlyByPosition.get(b.position)
    if (g && compareTypes(b, g).kind !== 'changed') {
      pairs.push({ blue: b, green: g, renamed: true })
      renamedGreen.add(g)
    } else {
      dropped.push(b)
    }
  }
  pairs.sort((x, y) => x.blue.position - y.blue.position)
  return { pairs, dropped, added: greenOnly.filter((g) => !renamedGreen.has(g)) }
}

/** Indices of a longest increasing subsequence of `values` (the columns that kept their order). */
function longestIncreasing(values: number[]): Set<number> {
  const tails: number[] = []
  const previous: number[] = new Array(values.length).fill(-1)
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? 0
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((values[tails[mid] ?? 0] ?? 0) < v) lo = mid + 1
      else hi = mid
    }
    if (lo > 0) previous[i] = tails[lo - 1] ?? -1
    tails[lo] = i
  }
  const keep = new Set<number>()
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = previous[i] ?? -1) keep.add(i)
  return keep
}

function inUniqueKey(indexes: IndexSnapshot[], column: string): boolean {
  return indexes.some((i) => i.unique && i.columns.some((c) => c.name?.toLowerCase() === column.toLowerCase()))
}

export function compareColumns(blue: TableSnapshot, green: TableSnapshot, ctx: ReplicationContext): SchemaDifference[] {
  const out: SchemaDifference[] = []
  const where = (column: string) => ({ schema: green.schema, table: green.name, column })
  const { pairs, dropped, added } = align(blue.columns, green.columns)

  for (const p of pairs) {
    if (p.renamed) {
      out.push(
        difference(
          'error',
          'SCHEMA_COLUMN_RENAMED',
          where(p.green.name),
          `column ${p.blue.position} is \`${p.blue.name}\` on blue and \`${p.green.name}\` on green: statements that name the column fail on green, and after switchover the application finds neither the old name nor its data where it expects`,
          { blue: p.blue.name, green: p.green.name },
        ),
      )
    }
  }

  for (const d of dropped) {
    out.push(
      difference(
        'error',
        'SCHEMA_COLUMN_DROPPED',
        where(d.name),
        `\`${d.name}\` (${d.columnType}, column ${d.position}) exists on blue but not on green: row events shift every later column, statements naming it fail, and its data is lost at switchover`,
        { blue: d.columnType, green: 'missing' },
      ),
    )
  }

  // Order: green positions of the matched columns, read in blue's order, must increase.
  const greenPositions = pairs.map((p) => p.green.position)
  const kept = longestIncreasing(greenPositions)
  pairs.forEach((p, i) => {
    if (kept.has(i)) return
    out.push(
      difference(
        'error',
        'SCHEMA_COLUMN_REORDERED',
        where(p.green.name),
        `\`${p.green.name}\` moved from position ${p.blue.position} on blue to ${p.green.position} on green: row-based replication matches columns by position, so values land in the wrong columns or fail to convert`,
        { blue: `position ${p.blue.position}`, green: `position ${p.green.position}` },
      ),
    )
  })

  // New columns: after every column shared with blue is fine; before one of them is not.
  const lastShared = Math.max(0, ...greenPositions)
  for (const a of added) {
    if (a.position > lastShared) {
      const stmtRisk =
        ctx.binlogFormat !== 'ROW' && !a.nullable && a.default.kind === 'none' && !a.generated && !/auto_increment/.test(a.extra)
      out.push(
        difference(
          stmtRisk ? 'warning' : 'info',
          'SCHEMA_COLUMN_APPENDED',
          where(a.name),
          stmtRisk
            ? `\`${a.name}\` (${a.columnType}) was added at the end on green; it is NOT NULL without a default, so with binlog_format ${ctx.binlogFormat} an INSERT from blue that cannot name it fails in strict mode (error 1364)`
            : `\`${a.name}\` (${a.columnType}) was added after all of blue's columns: replication fills it with its default`,
          { blue: 'missing', green: a.columnType },
        ),
      )
    } else {
      const before = green.columns.filter((c) => c.position < a.position).pop()
      out.push(
        difference(
          'error',
          'SCHEMA_COLUMN_INSERTED',
          where(a.name),
          `\`${a.name}\` was added at position ${a.position} on green${before ? `, after \`${before.name}\`` : ', first'}, before columns blue still has: row events would write blue's values into the wrong columns`,
          { blue: 'missing', green: `${a.columnType} at position ${a.position}` },
        ),
      )
    }
  }

  for (const p of pairs) out.push(...compareDefinition(p.blue, p.green, green, ctx))
  return out
}

function compareDefinition(
  b: ColumnSnapshot,
  g: ColumnSnapshot,
  greenTable: TableSnapshot,
  ctx: ReplicationContext,
): SchemaDifference[] {
  const out: SchemaDifference[] = []
  const where = { schema: greenTable.schema, table: greenTable.name, column: g.name }

  const verdict = judgeTypeChange(b, g, ctx)
  if (verdict.kind !== 'identical') {
    const code =
      verdict.kind === 'widened' ? 'SCHEMA_TYPE_WIDENED' : verdict.kind === 'narrowed' ? 'SCHEMA_TYPE_NARROWED' : 'SCHEMA_TYPE_CHANGED'
    out.push(difference(verdict.level, code, where, verdict.reason, { blue: b.columnType, green: g.columnType }))
  }

  const blueCharset = b.charset?.toLowerCase() ?? null
  const greenCharset = g.charset?.toLowerCase() ?? null
  if (blueCharset && greenCharset && blueCharset !== greenCharset) {
    // Observed on MariaDB 10.11: row events carry blue's bytes, which green stores as its own
    // character set (latin1 0xE9 became an invalid utf8mb4 value); statements are converted.
    const statement = ctx.binlogFormat === 'STATEMENT'
    out.push(
      difference(
        statement ? 'warning' : 'error',
        'SCHEMA_CHARSET_CHANGED',
        where,
        statement
          ? `character set ${b.charset} on blue, ${g.charset} on green: statements are converted on green, but characters ${g.charset} cannot hold are lost`
          : `character set ${b.charset} on blue, ${g.charset} on green: with binlog_format ${ctx.binlogFormat}, row events carry blue's bytes, which green stores unconverted as ${g.charset} (non-ASCII text is corrupted) or refuses (error 1677)`,
        { blue: b.charset ?? '', green: g.charset ?? '' },
      ),
    )
  } else if (b.collation && g.collation && b.collation.toLowerCase() !== g.collation.toLowerCase()) {
    const unique = inUniqueKey(greenTable.indexes, g.name)
    out.push(
      difference(
        unique ? 'error' : 'warning',
        'SCHEMA_COLLATION_CHANGED',
        where,
        unique
          ? `collation ${b.collation} on blue, ${g.collation} on green, and the column is in a unique key on green: values distinct on blue can be equal on green (duplicate key, error 1062)`
          : `collation ${b.collation} on blue, ${g.collation} on green: comparisons and sort order differ after switchover`,
        { blue: b.collation, green: g.collation },
      ),
    )
  }

  if (b.nullable !== g.nullable) {
    out.push(
      g.nullable
        ? difference('info', 'SCHEMA_NULLABILITY_CHANGED', where, 'NOT NULL on blue, NULL allowed on green: every value from blue fits', {
            blue: 'NOT NULL',
            green: 'NULL',
          })
        : difference(
            'error',
            'SCHEMA_NULLABILITY_CHANGED',
            where,
            'NULL allowed on blue, NOT NULL on green: a NULL written on blue is refused on green (error 1048) or silently replaced by a default',
            { blue: 'NULL', green: 'NOT NULL' },
          ),
    )
  }

  if (!g.generated && !b.generated && !sameDefault(b.default, g.default)) {
    const rows = ctx.binlogFormat === 'ROW'
    out.push(
      difference(
        rows ? 'info' : 'warning',
        'SCHEMA_DEFAULT_CHANGED',
        where,
        rows
          ? `${describeDefault(b.default)} on blue, ${describeDefault(g.default)} on green: row events carry every value, so only rows written on green after switchover differ`
          : `${describeDefault(b.default)} on blue, ${describeDefault(g.default)} on green: with binlog_format ${ctx.binlogFormat}, an INSERT on blue that omits the column stores a different value on green`,
        { blue: describeDefault(b.default), green: describeDefault(g.default) },
      ),
    )
  }

  const gen = (c: ColumnSnapshot) => (c.generated ? `${c.generated.stored ? 'STORED' : 'VIRTUAL'} AS (${c.generated.expression})` : 'not generated')
  if (gen(b) !== gen(g)) {
    out.push(
      difference(
        'warning',
        'SCHEMA_GENERATED_CHANGED',
        where,
        `generated column definition differs (blue: ${gen(b)}; green: ${gen(g)}): green computes or stores different values`,
        { blue: gen(b), green: gen(g) },
      ),
    )
  }
  return out
}
