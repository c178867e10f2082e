// The schema engine's public API, for the verify mode (and anyone else):
//   const ctx = await readReplicationContext(blue, green)
//   const [b, g] = await Promise.all([readSchemaSnapshot(blue, { heartbeat }), readSchemaSnapshot(green, { heartbeat })])
//   const findings = differencesToFindings(compareSnapshots(b, g, ctx))
//   const lint = await lintMigrations(inputs.migrations, { blue: b, replication: ctx })
export { compareSnapshots, compareTable } from './compare.js'
export type { SchemaCode, SchemaDifference } from './difference.js'
export { differencesToFindings, differenceToFinding } from './findings.js'
export { lintMigrations, type LintOptions, type LintResult } from './lint.js'
export { readReplicationContext, readTypeConversions, parseBinlogFormat, parseTypeConversions } from './replication-context.js'
export { readSchemaSnapshot, SYSTEM_SCHEMAS, type SnapshotOptions } from './snapshot.js'
export { judgeTypeChange, type TypeVerdict } from './type-rules.js'
export type * from './types.js'
