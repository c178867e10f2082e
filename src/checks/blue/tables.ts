// Tables without a primary key and MyISAM tables, found with one query over
// information_schema (not one per table): on a schema of thousands of tables this is one
// round trip. Without a primary key, row-based replication to green looks every changed row
// up by a full scan and green falls behind; MyISAM is not transactional, so green can diverge.
import { finding, type Finding } from '../../findings/finding.js'
import { rows, tableName, type Queryable } from '../../db/sql.js'

export interface TableRisk {
  schema: string
  table: string
  engine: string
  hasPrimaryKey: boolean
  /** The server's estimate. */
  rows: number
}

const SYSTEM_SCHEMAS = ['mysql', 'information_schema', 'performance_schema', 'sys']

const SQL = `SELECT t.TABLE_SCHEMA AS table_schema, t.TABLE_NAME AS table_name, t.ENGINE AS engine, t.TABLE_ROWS AS table_rows,
  c.CONSTRAINT_NAME IS NOT NULL AS has_pk
FROM information_schema.TABLES t
LEFT JOIN information_schema.TABLE_CONSTRAINTS c
  ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME AND c.CONSTRAINT_TYPE = 'PRIMARY KEY'
WHERE t.TABLE_TYPE = 'BASE TABLE' AND t.TABLE_SCHEMA NOT IN (${SYSTEM_SCHEMAS.map(() => '?').join(', ')})
  AND (c.CONSTRAINT_NAME IS NULL OR t.ENGINE = 'MyISAM')
ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME`

/** Every user table without a primary key or using MyISAM. */
export async function readTableRisks(conn: Queryable): Promise<TableRisk[]> {
  return (await rows(conn, SQL, SYSTEM_SCHEMAS)).map((r) => ({
    schema: String(r.table_schema),
    table: String(r.table_name),
    engine: String(r.engine ?? ''),
    hasPrimaryKey: Number(r.has_pk) === 1,
    rows: Number(r.table_rows ?? 0),
  }))
}

/** Tables listed one finding each up to this many per code; the rest are summed up in one more. */
export const TABLES_LISTED = 20

export async function checkTables(conn: Queryable, options: { listed?: number } = {}): Promise<Finding[]> {
  const risks = await readTableRisks(conn)
  const listed = options.listed ?? TABLES_LISTED
  const q = (t: TableRisk) => tableName(t.schema, t.table)
  const noPk = risks.filter((t) => !t.hasPrimaryKey)
  const myisam = risks.filter((t) => t.engine.toUpperCase() === 'MYISAM')
  const findings: Finding[] = []
  for (const t of noPk.slice(0, listed)) {
    findings.push(
      finding({
        code: 'TABLE_WITHOUT_PRIMARY_KEY',
        subject: `${t.schema}.${t.table}`,
        message: `${t.schema}.${t.table} (about ${t.rows} rows) has no primary key: replication to green scans the table for every changed row and can fall far behind.`,
        remedy: `Add a primary key on blue before create, e.g. ALTER TABLE ${q(t)} ADD COLUMN id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY (or a key over existing unique NOT NULL columns).`,
      }),
    )
  }
  if (noPk.length > listed) {
    findings.push(
      finding({
        code: 'TABLE_WITHOUT_PRIMARY_KEY',
        subject: `${noPk.length - listed} more tables`,
        message: `${noPk.length} tables have no primary key in all; the first ${listed} are listed above.`,
      }),
    )
  }
  for (const t of myisam.slice(0, listed)) {
    findings.push(
      finding({
        code: 'MYISAM_TABLE',
        subject: `${t.schema}.${t.table}`,
        message: `${t.schema}.${t.table} uses MyISAM, which is not transactional: green can diverge from blue after a crash or an interrupted statement.`,
        remedy: `Convert it on blue before create: ALTER TABLE ${q(t)} ENGINE=InnoDB;`,
      }),
    )
  }
  if (myisam.length > listed) {
    findings.push(
      finding({
        code: 'MYISAM_TABLE',
        subject: `${myisam.length - listed} more tables`,
        message: `${myisam.length} MyISAM tables in all; the first ${listed} are listed above.`,
      }),
    )
  }
  return findings
}
