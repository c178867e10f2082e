// The action's own table on blue (never a user table). It serves three stages:
//  - prepare writes a row after a reboot that enabled the binlog, so green never starts
//    from a binlog without events (seed 000's replication error 1236);
//  - verify writes a marker row with a unique token on blue and waits for it on green;
//  - switchover's prober writes one sequenced row per probe and later looks every
//    acknowledged row up on the new primary (lost writes).
// It has a primary key (tables without one are a Blue/Green risk) and is InnoDB.
import { ident, tableName, type Queryable } from './sql.js'

export interface HeartbeatTable {
  schema: string
  table: string
}

export type HeartbeatKind = 'prepare' | 'marker' | 'probe'

export const DEFAULT_HEARTBEAT_TABLE = 'rds_blue_green.heartbeat'

/**
 * The table comment that marks the table as the action's own: cleanup drops a heartbeat
 * table only when its comment starts with this, so a user table is never dropped.
 */
export const HEARTBEAT_TABLE_COMMENT = 'rds-blue-green heartbeat: safe to drop after cleanup'
export const HEARTBEAT_COMMENT_PREFIX = 'rds-blue-green heartbeat'

const IDENTIFIER = /^[A-Za-z0-9_$]{1,64}$/

/** Parses `schema.table`; returns undefined when either part is not a plain identifier. */
export function parseHeartbeatTable(value: string): HeartbeatTable | undefined {
  const parts = value.split('.')
  if (parts.length !== 2) return undefined
  const [schema, table] = parts as [string, string]
  if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(table)) return undefined
  return { schema, table }
}

export function qualified(t: HeartbeatTable): string {
  return tableName(t.schema, t.table)
}

/** Statements that create the schema and table when missing (idempotent). */
export function createHeartbeatSql(t: HeartbeatTable): string[] {
  return [
    `CREATE DATABASE IF NOT EXISTS ${ident(t.schema)}`,
    `CREATE TABLE IF NOT EXISTS ${qualified(t)} (
      id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
      kind VARCHAR(16) NOT NULL,
      token VARCHAR(64) NOT NULL,
      seq BIGINT UNSIGNED NOT NULL DEFAULT 0,
      written_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
      PRIMARY KEY (id),
      UNIQUE KEY token_seq (token, seq)
    ) ENGINE=InnoDB COMMENT='${HEARTBEAT_TABLE_COMMENT}'`,
  ]
}

/** One row; `token` identifies the run (or the marker), `seq` the probe within it. */
export function insertHeartbeatSql(t: HeartbeatTable): string {
  return `INSERT INTO ${qualified(t)} (kind, token, seq) VALUES (?, ?, ?)`
}

export function dropHeartbeatSql(t: HeartbeatTable): string {
  return `DROP TABLE IF EXISTS ${qualified(t)}`
}

/** Creates the schema and table when missing. Replicates to green as a new table (compatible). */
export async function ensureHeartbeatTable(conn: Queryable, t: HeartbeatTable): Promise<void> {
  for (const sql of createHeartbeatSql(t)) await conn.query(sql)
}

/** Writes one row; resolves once the server acknowledged it (autocommit). */
export async function writeHeartbeat(conn: Queryable, t: HeartbeatTable, kind: HeartbeatKind, token: string, seq = 0): Promise<void> {
  await conn.query(insertHeartbeatSql(t), [kind, token, seq])
}
