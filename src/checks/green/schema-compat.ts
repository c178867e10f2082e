// Schema compatibility through src/schema: blue's and green's schemas read with a few bulk
// information_schema queries each (in parallel, one connection per side), compared, and
// each difference classified compatible or incompatible with its reason.
import type { HeartbeatTable } from '../../db/heartbeat.js'
import type { Queryable } from '../../db/sql.js'
import {
  compareSnapshots,
  differencesToFindings,
  readReplicationContext,
  readSchemaSnapshot,
  type ReplicationContext,
  type SchemaDifference,
  type SchemaSnapshot,
} from '../../schema/index.js'
import type { CheckResult } from './types.js'

export interface SchemaCompatibility extends CheckResult {
  blue: SchemaSnapshot
  green: SchemaSnapshot
  replication: ReplicationContext
  differences: SchemaDifference[]
}

export async function checkSchemaCompatibility(
  blue: Queryable,
  green: Queryable,
  options: { heartbeat?: HeartbeatTable } = {},
): Promise<SchemaCompatibility> {
  const snapshotOptions = options.heartbeat ? { heartbeat: options.heartbeat } : {}
  const [replication, blueSnapshot, greenSnapshot] = await Promise.all([
    readReplicationContext(blue, green),
    readSchemaSnapshot(blue, snapshotOptions),
    readSchemaSnapshot(green, snapshotOptions),
  ])
  const differences = compareSnapshots(blueSnapshot, greenSnapshot, replication)
  return {
    blue: blueSnapshot,
    green: greenSnapshot,
    replication,
    differences,
    findings: differencesToFindings(differences),
    metrics: [
      { name: 'schema-tables', value: blueSnapshot.tables.length, unit: 'count', label: 'Tables compared (blue)' },
      { name: 'schema-read', value: Math.max(blueSnapshot.stats.ms, greenSnapshot.stats.ms), unit: 'ms', label: 'Schema read (slower side)' },
    ],
  }
}
