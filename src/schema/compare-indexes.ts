// Index and partitioning differences of one table. Indexes do not take part in replication's
// column matching, so adding or dropping one keeps green replicating (AWS lists index
// create/drop as replication-compatible); two cases still deserve a warning: a new unique
// key refuses rows blue accepts (1062), and a table left without any unique key makes every
// row event scan the table on green (lag). Differently partitioned tables are not supported
// by replication at all (refman 19.5.1.9 note; 19.5.1.24 "Replication and Partitioning").
import { type SchemaDifference, difference } from './difference.js'
import type { IndexSnapshot, PartitioningSnapshot, TableSnapshot } from './types.js'

function describeIndex(i: IndexSnapshot): string {
  const parts = i.columns
    .map((c) => `${c.name ?? `(${c.expression ?? '?'})`}${c.subPart ? `(${c.subPart})` : ''}${c.descending ? ' DESC' : ''}`)
    .join(', ')
  const kind = i.primary ? 'PRIMARY KEY' : i.unique ? 'UNIQUE' : i.type === 'FULLTEXT' || i.type === 'SPATIAL' ? i.type : 'INDEX'
  return `${kind} (${parts})${i.type && !['BTREE', 'FULLTEXT', 'SPATIAL'].includes(i.type) ? ` USING ${i.type}` : ''}`
}

function columnSet(i: IndexSnapshot): string[] | null {
  if (i.columns.some((c) => c.name === null || c.subPart !== null)) return null
  return i.columns.map((c) => (c.name ?? '').toLowerCase())
}

/** Whether blue already enforces a uniqueness at least as strict (a unique key on a subset of the columns). */
function alreadyImplied(index: IndexSnapshot, blueIndexes: IndexSnapshot[]): boolean {
  const cols = columnSet(index)
  if (!cols) return false
  return blueIndexes.some((b) => {
    if (!b.unique) return false
    const bc = columnSet(b)
    return bc !== null && bc.every((c) => cols.includes(c))
  })
}

export function compareIndexes(blue: TableSnapshot, green: TableSnapshot): SchemaDifference[] {
  const out: SchemaDifference[] = []
  const where = (index: string) => ({ schema: green.schema, table: green.name, index })
  const blueByName = new Map(blue.indexes.map((i) => [i.name.toLowerCase(), i]))
  const greenByName = new Map(green.indexes.map((i) => [i.name.toLowerCase(), i]))
  const greenHasUnique = green.indexes.some((i) => i.unique)

  const uniqueRisk = (i: IndexSnapshot) => i.unique && !alreadyImplied(i, blue.indexes)
  const added = (i: IndexSnapshot) =>
    uniqueRisk(i)
      ? `green adds ${describeIndex(i)}, which blue does not enforce: a row blue accepts with a duplicate value stops replication with error 1062`
      : `green adds ${describeIndex(i)}: replication is unaffected`

  for (const [name, g] of greenByName) {
    const b = blueByName.get(name)
    if (!b) {
      out.push(difference(uniqueRisk(g) ? 'warning' : 'info', 'SCHEMA_INDEX_ADDED', where(g.name), added(g), { blue: 'missing', green: describeIndex(g) }))
    } else if (describeIndex(b) !== describeIndex(g)) {
      const risk = uniqueRisk(g)
      out.push(
        difference(
          risk ? 'warning' : 'info',
          'SCHEMA_INDEX_CHANGED',
          where(g.name),
          `${describeIndex(b)} on blue, ${describeIndex(g)} on green${risk ? ': green enforces a uniqueness blue does not (error 1062 on a duplicate)' : ': replication is unaffected'}`,
          { blue: describeIndex(b), green: describeIndex(g) },
        ),
      )
    }
  }
  for (const [name, b] of blueByName) {
    if (greenByName.has(name)) continue
    const noKeyLeft = b.unique && !greenHasUnique
    out.push(
      difference(
        noKeyLeft ? 'warning' : 'info',
        'SCHEMA_INDEX_DROPPED',
        where(b.name),
        noKeyLeft
          ? `green drops ${describeIndex(b)} and has no unique key left: every row event for this table scans it on green, so replication lags`
          : `green drops ${describeIndex(b)}: replication is unaffected; queries that used it may be slower after switchover`,
        { blue: describeIndex(b), green: 'missing' },
      ),
    )
  }
  return out
}

function canonical(text: string | null): string {
  return (text ?? '').toLowerCase().replace(/[`\s]/g, '')
}

export function describePartitioning(p: PartitioningSnapshot | null): string {
  if (!p) return 'not partitioned'
  const sub = p.subMethod ? ` SUBPARTITION BY ${p.subMethod}(${p.subExpression ?? ''})` : ''
  const list = p.partitions.map((x) => (x.description !== null ? `${x.name} ${x.description}` : x.name)).join(', ')
  return `PARTITION BY ${p.method}(${p.expression ?? ''})${sub} [${list}]`
}

export function comparePartitioning(blue: TableSnapshot, green: TableSnapshot): SchemaDifference[] {
  const b = describePartitioning(blue.partitioning)
  const g = describePartitioning(green.partitioning)
  const same =
    blue.partitioning === null || green.partitioning === null
      ? blue.partitioning === green.partitioning
      : canonical(b) === canonical(g)
  if (same) return []
  return [
    difference(
      'error',
      'SCHEMA_PARTITIONING_CHANGED',
      { schema: green.schema, table: green.name },
      `blue is ${b}, green is ${g}: replication between differently partitioned tables is not supported`,
      { blue: b, green: g },
    ),
  ]
}
