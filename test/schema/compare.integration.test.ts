// Each schema change from issue 5 made for real on a "green" MariaDB server whose schema
// started identical to "blue": the snapshots of both, compared, must report exactly the
// expected finding codes, and the compatible ones must not be errors.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import mysql from 'mysql2/promise'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { Workspace } from '../../sandbox/servers/workspace.js'
import { compareSnapshots } from '../../src/schema/compare.js'
import { differencesToFindings } from '../../src/schema/findings.js'
import { readReplicationContext } from '../../src/schema/replication-context.js'
import { readSchemaSnapshot } from '../../src/schema/snapshot.js'
import type { ReplicationContext, SchemaSnapshot } from '../../src/schema/types.js'

const BASE = `
CREATE DATABASE app;
CREATE TABLE app.unchanged (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL DEFAULT 'it''s',
  state ENUM('new','done') NOT NULL DEFAULT 'new',
  price DECIMAL(10,2) DEFAULT NULL,
  created DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
  total INT AS (id * 2) VIRTUAL,
  secret INT INVISIBLE,
  KEY by_name (name(10), created DESC)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE app.idx_add (id INT PRIMARY KEY, a INT);
CREATE TABLE app.idx_drop (id INT PRIMARY KEY, a INT, KEY by_a (a));
CREATE TABLE app.col_append (id INT PRIMARY KEY, a INT);
CREATE TABLE app.reports (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, target_id VARCHAR(255));
CREATE TABLE app.col_rename (id INT PRIMARY KEY, title VARCHAR(100), body TEXT);
CREATE TABLE app.tbl_old (id INT PRIMARY KEY, v VARCHAR(20));
CREATE TABLE app.col_drop (id INT PRIMARY KEY, a INT, b INT);
CREATE TABLE app.col_order (id INT PRIMARY KEY, a INT, b VARCHAR(10), c DATE);
CREATE TABLE app.col_insert (id INT PRIMARY KEY, a INT, b INT);
CREATE TABLE app.narrow (id INT PRIMARY KEY, code VARCHAR(255), n BIGINT);
CREATE TABLE app.parts (id INT NOT NULL, PRIMARY KEY (id)) PARTITION BY HASH (id) PARTITIONS 4;
CREATE TABLE app.latin (id INT PRIMARY KEY, note VARCHAR(40)) DEFAULT CHARSET=latin1;
CREATE DATABASE rds_blue_green;
CREATE TABLE rds_blue_green.heartbeat (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64));
`

const GREEN_CHANGES = `
CREATE TABLE app.only_green (id INT PRIMARY KEY);
CREATE INDEX by_a ON app.idx_add (a);
DROP INDEX by_a ON app.idx_drop;
ALTER TABLE app.col_append ADD COLUMN added_at DATETIME NULL;
ALTER TABLE app.reports CHANGE target_id target_id TEXT;
ALTER TABLE app.col_rename RENAME COLUMN title TO headline;
RENAME TABLE app.tbl_old TO app.tbl_new;
ALTER TABLE app.col_drop DROP COLUMN a;
ALTER TABLE app.col_order MODIFY c DATE AFTER id;
ALTER TABLE app.col_insert ADD COLUMN mid INT AFTER a;
ALTER TABLE app.narrow MODIFY code VARCHAR(50), MODIFY n INT;
ALTER TABLE app.parts REMOVE PARTITIONING;
ALTER TABLE app.parts PARTITION BY HASH (id) PARTITIONS 2;
ALTER TABLE app.latin CONVERT TO CHARACTER SET utf8mb4;
DROP DATABASE rds_blue_green;
`

describe('schema comparison on real servers', () => {
  let workspace: Workspace
  let blue: DatabaseServer
  let green: DatabaseServer
  let blueSnapshot: SchemaSnapshot
  let greenSnapshot: SchemaSnapshot
  let ctx: ReplicationContext

  beforeAll(async () => {
    workspace = Workspace.create()
    // One after the other: the first create initialises the workspace's template data directory.
    blue = await DatabaseServer.create(workspace, 'blue', { serverId: 1, binlog: true, binlogFormat: 'MIXED' })
    green = await DatabaseServer.create(workspace, 'green', { serverId: 2, binlog: true, binlogFormat: 'MIXED' })
    await Promise.all([blue.query(BASE), green.query(BASE)])
    await green.query(GREEN_CHANGES)
    ctx = await readReplicationContext(blue.admin(), green.admin())
    const heartbeat = { schema: 'rds_blue_green', table: 'heartbeat' }
    ;[blueSnapshot, greenSnapshot] = await Promise.all([
      readSchemaSnapshot(blue.admin(), { heartbeat }),
      readSchemaSnapshot(green.admin(), { heartbeat }),
    ])
  })
  afterAll(() => workspace.dispose())

  it('reads the replication context of the real servers', () => {
    expect(ctx).toEqual({ binlogFormat: 'MIXED', typeConversions: [], greenFlavor: 'mariadb' })
  })

  it('reports exactly the expected codes, and no compatible change as an error', () => {
    const findings = differencesToFindings(compareSnapshots(blueSnapshot, greenSnapshot, ctx))
    const got = findings.map((f) => `${f.level} ${f.code} ${f.subject}`).sort()
    expect(got).toEqual(
      [
        'info SCHEMA_TABLE_ADDED app.only_green',
        'info SCHEMA_INDEX_ADDED app.idx_add (index by_a)',
        'info SCHEMA_INDEX_DROPPED app.idx_drop (index by_a)',
        'info SCHEMA_COLUMN_APPENDED app.col_append.added_at',
        // seed 003's change: fine for statements, a risk for the rows MIXED logs as rows
        'warning SCHEMA_TYPE_WIDENED app.reports.target_id',
        'error SCHEMA_COLUMN_RENAMED app.col_rename.headline',
        'error SCHEMA_TABLE_RENAMED app.tbl_old',
        'error SCHEMA_COLUMN_DROPPED app.col_drop.a',
        'error SCHEMA_COLUMN_REORDERED app.col_order.c',
        'error SCHEMA_COLUMN_INSERTED app.col_insert.mid',
        'error SCHEMA_TYPE_NARROWED app.narrow.code',
        'error SCHEMA_TYPE_NARROWED app.narrow.n',
        'error SCHEMA_PARTITIONING_CHANGED app.parts',
        'error SCHEMA_CHARSET_CHANGED app.latin.note',
        'info SCHEMA_TABLE_CHARSET_CHANGED app.latin',
      ].sort(),
    )
    for (const f of findings) {
      if (f.level !== 'info') expect(f.remedy).toBeTruthy()
      expect(f.message).toMatch(f.level === 'error' ? /^Incompatible: / : /^Compatible: /)
    }
  })

  it('classifies the VARCHAR -> TEXT change by the actual replication settings', () => {
    const codes = (c: ReplicationContext) =>
      compareSnapshots(blueSnapshot, greenSnapshot, c)
        .filter((d) => d.table === 'reports')
        .map((d) => `${d.level} ${d.code}`)
    expect(codes({ binlogFormat: 'STATEMENT', typeConversions: [] })).toEqual(['info SCHEMA_TYPE_WIDENED'])
    expect(codes({ binlogFormat: 'ROW', typeConversions: ['ALL_NON_LOSSY'] })).toEqual(['info SCHEMA_TYPE_WIDENED'])
    expect(codes({ binlogFormat: 'ROW', typeConversions: [] })).toEqual(['error SCHEMA_TYPE_WIDENED'])
  })

  it('finds no difference between identical schemas (MariaDB defaults, generated and invisible columns included)', () => {
    expect(compareSnapshots(blueSnapshot, blueSnapshot, ctx)).toEqual([])
    const unchanged = compareSnapshots(blueSnapshot, greenSnapshot, ctx).filter((d) => d.table === 'unchanged')
    expect(unchanged).toEqual([])
  })

  it('snapshots columns, indexes and partitions as information_schema describes them', () => {
    const table = blueSnapshot.tables.find((t) => t.schema === 'app' && t.name === 'unchanged')
    expect(table?.engine).toBe('InnoDB')
    expect(table?.charset).toBe('utf8mb4')
    expect(table?.columns.map((c) => c.name)).toEqual(['id', 'name', 'state', 'price', 'created', 'total', 'secret'])
    const col = (name: string) => table?.columns.find((c) => c.name === name)
    expect(col('name')?.default).toEqual({ kind: 'literal', value: "it's" })
    expect(col('price')?.default).toEqual({ kind: 'null' })
    expect(col('id')?.default).toEqual({ kind: 'none' })
    expect(col('id')?.extra).toBe('auto_increment')
    expect(col('created')?.default).toEqual({ kind: 'expression', value: 'current_timestamp(3)' })
    expect(col('total')?.generated).toEqual({ expression: '`id` * 2', stored: false })
    expect(col('secret')?.invisible).toBe(true)
    expect(col('state')?.columnType).toBe("enum('new','done')")
    expect(table?.indexes.find((i) => i.name === 'by_name')?.columns).toEqual([
      { name: 'name', subPart: 10, expression: null, descending: false },
      { name: 'created', subPart: null, expression: null, descending: true },
    ])
    const parts = blueSnapshot.tables.find((t) => t.name === 'parts')?.partitioning
    expect(parts?.method).toBe('HASH')
    expect(parts?.partitions.map((p) => p.name)).toEqual(['p0', 'p1', 'p2', 'p3'])
    expect(blueSnapshot.schemas).toEqual(['app'])
    expect(blueSnapshot.stats.queries).toBeLessThanOrEqual(5)
  })

  it('needs nothing but what information_schema shows a user with SELECT on the application schema', async () => {
    await blue.query("CREATE USER 'reader'@'%' IDENTIFIED BY 'reader-pw'; GRANT SELECT ON app.* TO 'reader'@'%'")
    const reader = await mysql.createConnection({ host: '127.0.0.1', port: blue.port, user: 'reader', password: 'reader-pw' })
    try {
      const limited = await readSchemaSnapshot(reader, { heartbeat: { schema: 'rds_blue_green', table: 'heartbeat' } })
      expect(limited.tables).toEqual(blueSnapshot.tables)
    } finally {
      await reader.end()
    }
  })

  it('reads AUTO_INCREMENT only when asked', async () => {
    await blue.query("INSERT INTO app.reports (target_id) VALUES ('a'), ('b')")
    const withCounters = await readSchemaSnapshot(blue.admin(), { autoIncrement: true, includeSchemas: ['app'] })
    expect(withCounters.tables.find((t) => t.name === 'reports')?.autoIncrement).toBe(3)
    expect(blueSnapshot.tables.find((t) => t.name === 'reports')?.autoIncrement).toBeNull()
  })
})
