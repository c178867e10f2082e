// One classified difference between blue's and green's schema, and the stable codes.
// `compatible` differences keep green replicating and switchable (level info or warning);
// `incompatible` ones break replication or lose data at switchover (level error). The rule
// that finds a difference decides its level, among the levels the catalogue allows the code.
import type { FindingCode, Level, LevelOf } from '../findings/finding.js'

/** The schema codes: the catalogue's SCHEMA_* entries (src/findings/catalogue.ts). */
export type SchemaCode = Extract<FindingCode, `SCHEMA_${string}`>

export interface SchemaDifference {
  code: SchemaCode
  /** incompatible exactly when level is error. */
  kind: 'compatible' | 'incompatible'
  level: Level
  schema: string
  table: string
  column?: string
  index?: string
  /** What blue has and what green has, in words (`varchar(255)`, `missing`, ...). */
  blue?: string
  green?: string
  /** Why it is (in)compatible, with the facts. */
  reason: string
}

export function difference<C extends SchemaCode>(
  level: LevelOf<C>,
  code: C,
  where: { schema: string; table: string; column?: string; index?: string },
  reason: string,
  sides: { blue?: string; green?: string } = {},
): SchemaDifference {
  return { code, kind: level === 'error' ? 'incompatible' : 'compatible', level, ...where, ...sides, reason }
}
