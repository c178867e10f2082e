// One classified difference between blue's and green's schema, and the stable codes.
// `compatible` differences keep green replicating and switchable (level info or warning);
// `incompatible` ones break replication or lose data at switchover (level error).
import type { Level } from '../report/types.js'

export const SCHEMA_CODES = {
  TABLE_ADDED: 'SCHEMA_TABLE_ADDED',
  TABLE_MISSING: 'SCHEMA_TABLE_MISSING',
  TABLE_RENAMED: 'SCHEMA_TABLE_RENAMED',
  ENGINE_CHANGED: 'SCHEMA_ENGINE_CHANGED',
  TABLE_CHARSET_CHANGED: 'SCHEMA_TABLE_CHARSET_CHANGED',
  COLUMN_APPENDED: 'SCHEMA_COLUMN_APPENDED',
  COLUMN_INSERTED: 'SCHEMA_COLUMN_INSERTED',
  COLUMN_DROPPED: 'SCHEMA_COLUMN_DROPPED',
  COLUMN_RENAMED: 'SCHEMA_COLUMN_RENAMED',
  COLUMN_REORDERED: 'SCHEMA_COLUMN_REORDERED',
  TYPE_WIDENED: 'SCHEMA_TYPE_WIDENED',
  TYPE_NARROWED: 'SCHEMA_TYPE_NARROWED',
  TYPE_CHANGED: 'SCHEMA_TYPE_CHANGED',
  CHARSET_CHANGED: 'SCHEMA_CHARSET_CHANGED',
  COLLATION_CHANGED: 'SCHEMA_COLLATION_CHANGED',
  NULLABILITY_CHANGED: 'SCHEMA_NULLABILITY_CHANGED',
  DEFAULT_CHANGED: 'SCHEMA_DEFAULT_CHANGED',
  GENERATED_CHANGED: 'SCHEMA_GENERATED_CHANGED',
  INDEX_ADDED: 'SCHEMA_INDEX_ADDED',
  INDEX_DROPPED: 'SCHEMA_INDEX_DROPPED',
  INDEX_CHANGED: 'SCHEMA_INDEX_CHANGED',
  PARTITIONING_CHANGED: 'SCHEMA_PARTITIONING_CHANGED',
} as const

export type SchemaCode = (typeof SCHEMA_CODES)[keyof typeof SCHEMA_CODES]

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

export function difference(
  level: Level,
  code: SchemaCode,
  where: { schema: string; table: string; column?: string; index?: string },
  reason: string,
  sides: { blue?: string; green?: string } = {},
): SchemaDifference {
  return { code, kind: level === 'error' ? 'incompatible' : 'compatible', level, ...where, ...sides, reason }
}
