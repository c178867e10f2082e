// Migration lint through src/schema: the .sql files matching `migrations`, each statement
// parsed and judged against blue's schema with the same rules as the live comparison, before
// anyone runs them on green. Without blue's schema (no database access) the statements are
// judged on their own, with row-based replication assumed (the strictest for type changes).
import { lintMigrations, type ReplicationContext, type SchemaSnapshot } from '../../schema/index.js'
import type { CheckResult } from './types.js'

export interface MigrationLint extends CheckResult {
  files: string[]
  statements: number
  /** Whether blue's schema was available to judge against. */
  againstBlue: boolean
}

const UNKNOWN_REPLICATION: ReplicationContext = { binlogFormat: 'ROW', typeConversions: [] }

export async function checkMigrations(
  patterns: string[],
  options: { blue?: SchemaSnapshot; replication?: ReplicationContext; cwd?: string } = {},
): Promise<MigrationLint> {
  const result = await lintMigrations(patterns, {
    replication: options.replication ?? UNKNOWN_REPLICATION,
    ...(options.blue ? { blue: options.blue } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  })
  return {
    files: result.files,
    statements: result.statements,
    againstBlue: options.blue !== undefined,
    findings: result.findings,
    metrics: [
      { name: 'migration-files', value: result.files.length, unit: 'count', label: 'Migration files linted' },
      { name: 'migration-statements', value: result.statements, unit: 'count', label: 'Migration statements linted' },
    ],
  }
}
