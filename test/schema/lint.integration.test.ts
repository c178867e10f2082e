// The migration lint on fixture files, judged against a real blue server's schema (the
// snapshot of a MariaDB server holding seed 003's tables) and without any schema.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { Workspace } from '../../sandbox/servers/workspace.js'
import { lintMigrations } from '../../src/schema/lint.js'
import { readSchemaSnapshot } from '../../src/schema/snapshot.js'
import type { ReplicationContext, SchemaSnapshot } from '../../src/schema/types.js'

const FIXTURES = 'test/fixtures/migrations'
const MIXED: ReplicationContext = { binlogFormat: 'MIXED', typeConversions: [] }
const F1 = `${FIXTURES}/20240410_01_reports.sql`
const F2 = `${FIXTURES}/20240410_02_types.sql`

function lines(findings: Array<{ level: string; code: string; subject: string }>): string[] {
  return findings.map((f) => `${f.subject} ${f.level} ${f.code}`)
}

describe('migration lint', () => {
  let workspace: Workspace
  let blue: SchemaSnapshot

  beforeAll(async () => {
    workspace = Workspace.create()
    const server = await DatabaseServer.create(workspace, 'blue', { serverId: 1, binlog: true, binlogFormat: 'MIXED' })
    await server.query(`
      CREATE DATABASE app;
      CREATE TABLE app.reports (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, target_id VARCHAR(255),
        KEY index_reports_on_target_id (target_id)) DEFAULT CHARSET=utf8mb4;
      CREATE TABLE app.books (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, client_id INT, name VARCHAR(255) NOT NULL) DEFAULT CHARSET=utf8mb4;`)
    blue = await readSchemaSnapshot(server.admin())
  })
  afterAll(() => workspace.dispose())

  it('the fixture with one compatible, one incompatible and one unparseable statement', async () => {
    const result = await lintMigrations(F1, { blue, replication: MIXED })
    expect(result.files).toEqual([F1])
    expect(lines(result.findings)).toEqual([
      `${F1}:3 info SCHEMA_COLUMN_APPENDED`,
      `${F1}:6 error SCHEMA_COLUMN_INSERTED`,
      `${F1}:10 warning MIGRATION_UNPARSEABLE`,
    ])
    expect(result.findings[0]?.message).toContain('app.reports.reviewed_at')
    expect(result.findings[1]?.message).toMatch(/app\.reports\.reviewer: Incompatible: .*position 2.*after `id`/)
    expect(result.findings[2]?.remedy).toBeTruthy()
  })

  it("judges every statement against blue's schema, in file order", async () => {
    const result = await lintMigrations(`${FIXTURES}/*.sql`, { blue, replication: MIXED })
    expect(result.statements).toBe(13)
    expect(lines(result.findings)).toEqual([
      `${F1}:3 info SCHEMA_COLUMN_APPENDED`,
      `${F1}:6 error SCHEMA_COLUMN_INSERTED`,
      `${F1}:10 warning MIGRATION_UNPARSEABLE`,
      // seed 003's VARCHAR -> TEXT: applies for statements, at risk for rows MIXED logs as rows
      `${F2}:1 warning SCHEMA_TYPE_WIDENED`,
      `${F2}:2 info SCHEMA_INDEX_DROPPED`,
      `${F2}:3 info SCHEMA_INDEX_CHANGED`,
      `${F2}:4 warning MIGRATION_DML_ON_GREEN`,
      `${F2}:5 error SCHEMA_PARTITIONING_CHANGED`,
      `${F2}:6 info SCHEMA_TABLE_ADDED`,
      // line 7 changes a table the migration itself created: nothing to report
      `${F2}:8 error SCHEMA_TYPE_NARROWED`,
      `${F2}:10 info MIGRATION_NOT_CHECKED`,
      `${F2}:12 error SCHEMA_TABLE_RENAMED`,
    ])
    const dml = result.findings.find((f) => f.code === 'MIGRATION_DML_ON_GREEN')
    expect(dml?.message).toContain('app.books')
    expect(dml?.message).toContain('1062')
  })

  it('follows the replication settings: VARCHAR -> TEXT under ROW needs ALL_NON_LOSSY', async () => {
    const level = async (replication: ReplicationContext) =>
      (await lintMigrations(F2, { blue, replication })).findings.find((f) => f.subject === `${F2}:1`)?.level
    expect(await level({ binlogFormat: 'ROW', typeConversions: [] })).toBe('error')
    expect(await level({ binlogFormat: 'ROW', typeConversions: ['ALL_NON_LOSSY'] })).toBe('info')
    expect(await level({ binlogFormat: 'STATEMENT', typeConversions: [] })).toBe('info')
  })

  it("without blue's schema, judges each statement by itself", async () => {
    const result = await lintMigrations(`${FIXTURES}/*.sql`, { replication: MIXED })
    expect(lines(result.findings)).toEqual([
      `${F1}:3 info SCHEMA_COLUMN_APPENDED`,
      `${F1}:6 error SCHEMA_COLUMN_INSERTED`,
      `${F1}:10 warning MIGRATION_UNPARSEABLE`,
      `${F2}:1 warning SCHEMA_TYPE_CHANGED`,
      `${F2}:2 info SCHEMA_INDEX_DROPPED`,
      `${F2}:3 info SCHEMA_INDEX_ADDED`,
      `${F2}:4 warning MIGRATION_DML_ON_GREEN`,
      `${F2}:5 error SCHEMA_PARTITIONING_CHANGED`,
      `${F2}:6 info SCHEMA_TABLE_ADDED`,
      `${F2}:8 warning SCHEMA_TYPE_CHANGED`,
      `${F2}:10 info MIGRATION_NOT_CHECKED`,
      `${F2}:12 error SCHEMA_TABLE_RENAMED`,
    ])
  })

  it('reports a pattern that matches nothing, and never crashes on odd input', async () => {
    const none = await lintMigrations('no/such/dir/*.sql', { replication: MIXED })
    expect(lines(none.findings)).toEqual(['no/such/dir/*.sql warning MIGRATION_NO_FILES'])
    const dir = mkdtempSync(join(tmpdir(), 'lint-'))
    try {
      writeFileSync(join(dir, 'odd.sql'), "ALTER TABLE t ADD COLUMN c INT AFTER;\n'unterminated string;\n/* unterminated comment")
      const odd = await lintMigrations('*.sql', { replication: MIXED, cwd: dir })
      expect(odd.findings.map((f) => f.code)).toEqual(['MIGRATION_UNPARSEABLE', 'MIGRATION_UNPARSEABLE'])
      expect(odd.findings.map((f) => f.subject)).toEqual(['odd.sql:1', 'odd.sql:2'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
