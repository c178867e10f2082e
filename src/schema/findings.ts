// Schema differences as report Findings: the code and level carry over, the subject names
// the table (and column or index), and the remedy is the catalogue's fix for the code.
import { finding, type Finding, type FindingInput } from '../findings/finding.js'
import type { SchemaCode, SchemaDifference } from './difference.js'

export function subjectOf(d: Pick<SchemaDifference, 'schema' | 'table' | 'column' | 'index'>): string {
  // A migration can name a table without its schema when no default is known.
  const table = d.schema ? `${d.schema}.${d.table}` : d.table
  if (d.column) return `${table}.${d.column}`
  if (d.index) return `${table} (index ${d.index})`
  return table
}

export function differenceToFinding(d: SchemaDifference, prefix = ''): Finding {
  const message = `${prefix}${d.kind === 'incompatible' ? 'Incompatible' : 'Compatible'}: ${d.reason}.`
  // difference() only pairs a code with a level the catalogue allows it (finding() checks again).
  return finding({ code: d.code, level: d.level, subject: subjectOf(d), message } as FindingInput<SchemaCode>)
}

/** Findings in the order given (compareSnapshots sorts by table, errors first). */
export function differencesToFindings(differences: SchemaDifference[]): Finding[] {
  return differences.map((d) => differenceToFinding(d))
}
