// Schema differences as report Findings: the code and level carry over, the subject names
// the table (and column or index), and each code has a remedy an operator can act on.
import type { Finding } from '../report/types.js'
import { type SchemaCode, type SchemaDifference, SCHEMA_CODES as C } from './difference.js'

const REMEDY: Record<SchemaCode, string> = {
  [C.TABLE_ADDED]: 'Nothing to do.',
  [C.TABLE_MISSING]: 'Recreate the table on green with blue\'s definition (SHOW CREATE TABLE on blue), or recreate the deployment.',
  [C.TABLE_RENAMED]: 'Rename the table back on green; rename it after the switchover instead.',
  [C.ENGINE_CHANGED]: 'Use the same engine on green as on blue (InnoDB), e.g. ALTER TABLE ... ENGINE=InnoDB.',
  [C.TABLE_CHARSET_CHANGED]: 'Nothing to do for replication; make sure columns added later get the character set you want.',
  [C.COLUMN_APPENDED]: 'Nothing to do. With statement-based replication give new NOT NULL columns a DEFAULT.',
  [C.COLUMN_INSERTED]: 'Drop the column on green and add it at the end of the table (ALTER TABLE ... ADD COLUMN without AFTER/FIRST).',
  [C.COLUMN_DROPPED]: 'Re-add the column on green in its original position, or recreate the deployment; drop it after the switchover instead.',
  [C.COLUMN_RENAMED]: 'Rename the column back on green (ALTER TABLE ... RENAME COLUMN); rename it after the switchover instead.',
  [C.COLUMN_REORDERED]: "Restore blue's column order on green (ALTER TABLE ... MODIFY ... AFTER), or recreate the deployment.",
  [C.TYPE_WIDENED]:
    "Set replica_type_conversions (slave_type_conversions before MySQL 8.0.26) to ALL_NON_LOSSY in green's parameter group, or make the change after the switchover. Nothing to do when the level is info.",
  [C.TYPE_NARROWED]: "Restore blue's column type on green; narrow the column after the switchover, once no value exceeds the new type.",
  [C.TYPE_CHANGED]: "Restore blue's column type on green; change the type after the switchover.",
  [C.CHARSET_CHANGED]: "Restore blue's character set on green; convert the table after the switchover.",
  [C.COLLATION_CHANGED]: "Restore blue's collation on green, or check that no values collide under the new collation.",
  [C.NULLABILITY_CHANGED]: "Allow NULL on green as blue does; add NOT NULL after the switchover, once no NULLs remain.",
  [C.DEFAULT_CHANGED]: 'Use the same default on green as on blue, or accept that rows inserted without the column get a different value.',
  [C.GENERATED_CHANGED]: "Use blue's generated column definition on green.",
  [C.INDEX_ADDED]: 'Nothing to do; for a new unique key, make sure blue holds no duplicates and writes none until the switchover.',
  [C.INDEX_DROPPED]: 'Nothing to do for replication; re-create the index on green if queries or row lookups need it.',
  [C.INDEX_CHANGED]: 'Nothing to do for replication; for a new uniqueness, make sure blue writes no duplicates.',
  [C.PARTITIONING_CHANGED]: "Partition the table on green exactly as on blue; change partitioning after the switchover.",
}

export function subjectOf(d: Pick<SchemaDifference, 'schema' | 'table' | 'column' | 'index'>): string {
  // A migration can name a table without its schema when no default is known.
  const table = d.schema ? `${d.schema}.${d.table}` : d.table
  if (d.column) return `${table}.${d.column}`
  if (d.index) return `${table} (index ${d.index})`
  return table
}

export function differenceToFinding(d: SchemaDifference, prefix = ''): Finding {
  const message = `${prefix}${d.kind === 'incompatible' ? 'Incompatible' : 'Compatible'}: ${d.reason}.`
  const finding: Finding = { level: d.level, code: d.code, subject: subjectOf(d), message }
  if (d.level !== 'info') finding.remedy = REMEDY[d.code]
  return finding
}

/** Findings in the order given (compareSnapshots sorts by table, errors first). */
export function differencesToFindings(differences: SchemaDifference[]): Finding[] {
  return differences.map((d) => differenceToFinding(d))
}
