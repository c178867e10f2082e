// Schema changes made on a replicating green (made writable as in seed 003, changed by the
// master user through green's endpoint), judged by verify: every compatible change is
// reported without blocking; every incompatible one blocks, with its code and subject. Blue
// logs MIXED, as AWS recommends for RDS for MySQL (prepare sets it). Then the migration lint:
// a file with one compatible statement, one incompatible one and one unparseable line.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import type { Finding } from '../../src/findings/finding.js'
import { createDeployment, makeGreenWritable, runSql, useSandboxEndpoint, verifyContext, type VerifyHarness } from '../helpers/sandbox-modes.js'

const BLUE_TABLES = `
CREATE TABLE app.reports (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, target_id VARCHAR(255), KEY index_reports_on_target_id (target_id));
CREATE TABLE app.tbl_old (id INT PRIMARY KEY, v VARCHAR(20));
CREATE TABLE app.col_rename (id INT PRIMARY KEY, title VARCHAR(100), body TEXT);
CREATE TABLE app.col_drop (id INT PRIMARY KEY, a INT, b INT);
CREATE TABLE app.col_order (id INT PRIMARY KEY, a INT, b VARCHAR(10), c DATE);
CREATE TABLE app.col_insert (id INT PRIMARY KEY, a INT, b INT);
CREATE TABLE app.narrow (id INT PRIMARY KEY, code VARCHAR(255));
CREATE TABLE app.parts (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 4`

const COMPATIBLE_ON_GREEN = [
  'CREATE TABLE app.only_green (id INT PRIMARY KEY)',
  'CREATE INDEX by_title ON app.books (title)',
  'DROP INDEX user_id ON app.orders',
  'ALTER TABLE app.users ADD COLUMN last_login DATETIME NULL',
  // seed 003's change
  'ALTER TABLE app.reports CHANGE target_id target_id TEXT',
]

const INCOMPATIBLE_ON_GREEN = [
  'RENAME TABLE app.tbl_old TO app.tbl_new',
  'ALTER TABLE app.col_rename RENAME COLUMN title TO headline',
  'ALTER TABLE app.col_drop DROP COLUMN a',
  'ALTER TABLE app.col_order MODIFY c DATE AFTER id',
  'ALTER TABLE app.col_insert ADD COLUMN mid INT AFTER a',
  'ALTER TABLE app.narrow MODIFY code VARCHAR(50)',
  'ALTER TABLE app.parts PARTITION BY HASH (id) PARTITIONS 2',
]

const schemaLines = (findings: Finding[]) => findings.filter((f) => f.code.startsWith('SCHEMA_')).map((f) => `${f.level} ${f.code} ${f.subject}`).sort()

describe('verify: schema changes on green and the migration lint', () => {
  let sandbox: Sandbox
  let restore: () => void
  let rds: RDSClient
  let green: string
  const harnesses: VerifyHarness[] = []
  const context = (inputs: Parameters<typeof verifyContext>[1] = {}) => {
    const h = verifyContext(sandbox, inputs)
    harnesses.push(h)
    return h.ctx
  }

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'catalog', parameterGroup: 'mixed' },
      parameterGroups: [{ name: 'mixed', family: 'mysql8.0', values: { binlog_format: 'MIXED' } }],
      timings: { taskMs: 50, rebootMs: 50, replicationPollMs: 100 },
    })
    restore = useSandboxEndpoint(sandbox)
    rds = context().rds
    for (const sql of BLUE_TABLES.split(';')) await runSql(sandbox, 'catalog', sql)
    ;({ green } = await createDeployment(sandbox, rds, 'catalog'))
    await makeGreenWritable(rds, green)
  })
  afterAll(async () => {
    for (const h of harnesses) h.close()
    restore?.()
    await sandbox?.stop()
  })

  it('compatible changes (new table, index added and dropped, column appended, VARCHAR -> TEXT): reported, still ready', async () => {
    for (const sql of COMPATIBLE_ON_GREEN) await runSql(sandbox, green, sql)
    const report = await runMode(context())
    expect(schemaLines(report.findings)).toEqual(
      [
        'info SCHEMA_TABLE_ADDED app.only_green',
        'info SCHEMA_INDEX_ADDED app.books (index by_title)',
        'info SCHEMA_INDEX_DROPPED app.orders (index user_id)',
        'info SCHEMA_COLUMN_APPENDED app.users.last_login',
        // Applies for the statements MIXED logs as statements; at risk for those it logs as rows.
        'warning SCHEMA_TYPE_WIDENED app.reports.target_id',
        // The server turned the index on the now-TEXT column into a prefix index.
        'info SCHEMA_INDEX_CHANGED app.reports (index index_reports_on_target_id)',
      ].sort(),
    )
    expect(report.findings.filter((f) => f.level === 'error')).toEqual([])
    expect(report.verdict.ok).toBe(true)
    expect(renderMarkdown(report)).toMatch(/\| ⚠️ \| Schema \| 11 tables on blue, 12 on green: 0 incompatible, 6 compatible differences \|/)
  })

  it('incompatible changes (renamed table and column, dropped, reordered, inserted in the middle, narrowed, repartitioned): each blocks', async () => {
    for (const sql of INCOMPATIBLE_ON_GREEN) await runSql(sandbox, green, sql)
    const report = await runMode(context())
    const errors = schemaLines(report.findings).filter((l) => l.startsWith('error'))
    expect(errors).toEqual(
      [
        'error SCHEMA_TABLE_RENAMED app.tbl_old',
        'error SCHEMA_COLUMN_RENAMED app.col_rename.headline',
        'error SCHEMA_COLUMN_DROPPED app.col_drop.a',
        'error SCHEMA_COLUMN_REORDERED app.col_order.c',
        'error SCHEMA_COLUMN_INSERTED app.col_insert.mid',
        'error SCHEMA_TYPE_NARROWED app.narrow.code',
        'error SCHEMA_PARTITIONING_CHANGED app.parts',
      ].sort(),
    )
    // Nothing else blocks: the schema findings alone make green not ready.
    expect(report.findings.filter((f) => f.level === 'error' && !f.code.startsWith('SCHEMA_'))).toEqual([])
    expect(report.verdict).toMatchObject({ ok: false, headline: expect.stringContaining('7 blocking findings') })
    for (const f of report.findings.filter((x) => x.level === 'error')) expect(f.message).toMatch(/^Incompatible: /)
    expect(renderMarkdown(report)).toMatch(/\| ❌ \| Schema \| 11 tables on blue, 12 on green: 7 incompatible, 6 compatible differences \|/)
  })

  it("the migration lint: one compatible statement, one incompatible, one unparseable line, judged against blue's schema", async () => {
    const file = 'test/fixtures/verify-migrations/20250101_01_books.sql'
    const report = await runMode(context({ migrations: 'test/fixtures/verify-migrations/*.sql' }))
    const lint = report.findings.filter((f) => f.subject.startsWith(file)).map((f) => `${f.subject} ${f.level} ${f.code}`)
    expect(lint).toEqual([`${file}:6 error SCHEMA_COLUMN_RENAMED`, `${file}:9 warning MIGRATION_UNPARSEABLE`, `${file}:3 info SCHEMA_COLUMN_APPENDED`])
    const renamed = report.findings.find((f) => f.subject === `${file}:6`)
    expect(renamed?.message).toContain('app.books.written_by: Incompatible')
    expect(report.metrics).toEqual(expect.arrayContaining([
      expect.objectContaining({ name: 'migration-files', value: 1 }),
      expect.objectContaining({ name: 'migration-statements', value: 3 }),
    ]))
    expect(renderMarkdown(report)).toContain('| ❌ | Migrations | 1 file, 3 statements: 1 incompatible, 1 warning |')
  })
})
