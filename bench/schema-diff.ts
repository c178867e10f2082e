// Benchmark: our schema comparison (bulk information_schema snapshot of blue and green, then
// compare) against the per-table way (SHOW CREATE TABLE for every table on both servers,
// parsed with node-sql-parser and compared), on 500, 2,000 and 5,000 tables of about 20
// columns and 3 indexes, green carrying a few changes. Prints and saves the figures, with the
// machine, to bench/results/schema-diff.json.
//
//   npm run bench:schema-diff               (node --expose-gc --import tsx bench/schema-diff.ts)
//   npx tsx bench/schema-diff.ts            (the same, heap growth without a GC first)
//   SIZES=200,500 npx tsx bench/schema-diff.ts   (a quicker run)
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import nodeSqlParser from 'node-sql-parser/build/mysql.js'
import { DatabaseServer } from '../sandbox/servers/database-server.js'
import { Workspace } from '../sandbox/servers/workspace.js'
import { compareSnapshots } from '../src/schema/compare.js'
import { readSchemaSnapshot } from '../src/schema/snapshot.js'
import type { ReplicationContext } from '../src/schema/types.js'

const SIZES = (process.env.SIZES ?? '500,2000,5000').split(',').map(Number)
const SCHEMA = 'bench'
const BATCH = 250 // CREATE TABLE statements per round trip
const RESULTS = fileURLToPath(new URL('./results/schema-diff.json', import.meta.url))
const ctx: ReplicationContext = { binlogFormat: 'MIXED', typeConversions: [], greenFlavor: 'mariadb' }

// Server settings that make creating thousands of tables fast; none of them changes what
// information_schema or SHOW CREATE TABLE return. The system tablespace (file_per_table off)
// avoids creating and syncing one file per table; binlog off and no flush per commit.
const FAST_DDL = {
  innodb_file_per_table: 'OFF',
  innodb_flush_log_at_trx_commit: 0,
  innodb_doublewrite: 'OFF',
  sync_frm: 'OFF',
}
// MariaDB parses table definitions (.frm) for information_schema and SHOW CREATE TABLE; a
// cache that holds every table (MySQL 8 reads its data dictionary instead) is measured first,
// then MariaDB's default of 400, where every query re-reads every definition.
const LARGE_DEFINITION_CACHE = { table_definition_cache: 10_000 }

function tableDdl(i: number): string {
  return `CREATE TABLE \`${SCHEMA}\`.\`t${String(i).padStart(5, '0')}\` (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  account_id INT UNSIGNED NOT NULL,
  name VARCHAR(120) NOT NULL DEFAULT '',
  email VARCHAR(255) DEFAULT NULL,
  status ENUM('new','active','closed') NOT NULL DEFAULT 'new',
  amount DECIMAL(12,2) NOT NULL DEFAULT 0.00,
  ratio DOUBLE DEFAULT NULL,
  quantity SMALLINT NOT NULL DEFAULT 0,
  flags TINYINT(1) NOT NULL DEFAULT 0,
  note TEXT,
  payload JSON DEFAULT NULL,
  code CHAR(8) DEFAULT NULL,
  ref_id BIGINT DEFAULT NULL,
  born DATE DEFAULT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  updated_at TIMESTAMP NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP,
  score FLOAT DEFAULT NULL,
  digest VARBINARY(32) DEFAULT NULL,
  counter INT NOT NULL DEFAULT 0,
  extra_info VARCHAR(64) DEFAULT NULL,
  PRIMARY KEY (id),
  KEY by_account (account_id, created_at),
  KEY by_email (email(32))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`
}

/** A few changes on green, spread over the first tables: compatible and incompatible ones. */
const GREEN_CHANGES = [
  `ALTER TABLE ${SCHEMA}.t00001 ADD COLUMN added_at DATETIME NULL`,
  `ALTER TABLE ${SCHEMA}.t00002 MODIFY note MEDIUMTEXT`,
  `ALTER TABLE ${SCHEMA}.t00003 RENAME COLUMN code TO code2`,
  `ALTER TABLE ${SCHEMA}.t00004 DROP INDEX by_email`,
  `ALTER TABLE ${SCHEMA}.t00005 MODIFY name VARCHAR(60) NOT NULL DEFAULT ''`,
  `ALTER TABLE ${SCHEMA}.t00006 ADD COLUMN mid INT AFTER name`,
  `CREATE TABLE ${SCHEMA}.green_only (id INT PRIMARY KEY)`,
]

async function createTables(server: DatabaseServer, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += BATCH) {
    const statements: string[] = []
    for (let i = start; i < Math.min(to, start + BATCH); i++) statements.push(tableDdl(i))
    await server.query(statements.join(';\n'))
  }
}

// ---- the per-table way -------------------------------------------------------------------

interface ParsedTable {
  columns: Array<{ name: string; type: string }>
  indexes: string[]
}

const parser = new nodeSqlParser.Parser()

function definitionText(def: { dataType?: string; length?: number; scale?: number; suffix?: unknown }): string {
  const args = def.length !== undefined ? `(${def.length}${def.scale !== undefined && def.scale !== null ? `,${def.scale}` : ''})` : ''
  const suffix = Array.isArray(def.suffix) ? ` ${def.suffix.join(' ')}` : ''
  return `${def.dataType ?? '?'}${args}${suffix}`.toLowerCase()
}

/** Parses SHOW CREATE TABLE output into columns in order and index definitions. */
function parseCreate(sql: string): ParsedTable {
  const ast = parser.astify(sql, { database: 'MySQL' }) as unknown as {
    create_definitions?: Array<Record<string, unknown>>
  }
  const node = Array.isArray(ast) ? (ast[0] as typeof ast) : ast
  const columns: ParsedTable['columns'] = []
  const indexes: string[] = []
  for (const d of node.create_definitions ?? []) {
    if (d.resource === 'column') {
      const column = d.column as { column: string | { expr: { value: string } } }
      const name = typeof column.column === 'string' ? column.column : column.column.expr.value
      columns.push({ name, type: definitionText(d.definition as Parameters<typeof definitionText>[0]) })
    } else {
      indexes.push(JSON.stringify([d.constraint_type ?? d.keyword, d.index ?? d.constraint, d.definition]))
    }
  }
  return { columns, indexes }
}

function comparePerTable(blue: ParsedTable | undefined, green: ParsedTable | undefined): number {
  if (!blue || !green) return 1
  let differences = 0
  const n = Math.max(blue.columns.length, green.columns.length)
  for (let i = 0; i < n; i++) {
    const b = blue.columns[i]
    const g = green.columns[i]
    if (b?.name !== g?.name || b?.type !== g?.type) differences++
  }
  const greenIndexes = new Set(green.indexes)
  for (const idx of blue.indexes) if (!greenIndexes.has(idx)) differences++
  return differences
}

/** Both ways connect over TCP, as the action reaches RDS. */
function connect(server: DatabaseServer): Promise<mysql.Connection> {
  return mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'bench', password: 'bench-pw' })
}

async function showCreateAll(server: DatabaseServer): Promise<{ texts: Map<string, string>; queries: number }> {
  const conn = await connect(server)
  try {
    const [list] = await conn.query(
      "SELECT TABLE_NAME AS t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE'",
      [SCHEMA],
    )
    const texts = new Map<string, string>()
    for (const { t } of list as Array<{ t: string }>) {
      const [rows] = await conn.query(`SHOW CREATE TABLE \`${SCHEMA}\`.\`${t}\``)
      texts.set(t, String((rows as Array<Record<string, unknown>>)[0]?.['Create Table'] ?? ''))
    }
    return { texts, queries: texts.size + 1 }
  } finally {
    await conn.end()
  }
}

async function perTableWay(blue: DatabaseServer, green: DatabaseServer) {
  const t0 = performance.now()
  const [b, g] = await Promise.all([showCreateAll(blue), showCreateAll(green)])
  const fetchMs = performance.now() - t0
  const t1 = performance.now()
  const parse = (texts: Map<string, string>) => new Map([...texts].map(([name, sql]) => [name, parseCreate(sql)]))
  const bp = parse(b.texts)
  const gp = parse(g.texts)
  let differences = 0
  for (const name of new Set([...bp.keys(), ...gp.keys()])) differences += comparePerTable(bp.get(name), gp.get(name))
  const parseCompareMs = performance.now() - t1
  return { fetchMs, parseCompareMs, totalMs: performance.now() - t0, queries: b.queries + g.queries, differences }
}

// ---- our way ----------------------------------------------------------------------------

async function ourWay(blue: DatabaseServer, green: DatabaseServer) {
  const [blueConn, greenConn] = await Promise.all([connect(blue), connect(green)])
  // With --expose-gc (npm run bench:schema-diff) the growth is what the snapshots and findings retain.
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  const heapBefore = process.memoryUsage().heapUsed
  const t0 = performance.now()
  const [b, g] = await Promise.all([readSchemaSnapshot(blueConn), readSchemaSnapshot(greenConn)])
  const snapshotMs = performance.now() - t0
  await Promise.all([blueConn.end(), greenConn.end()])
  const t1 = performance.now()
  const differences = compareSnapshots(b, g, ctx)
  const compareMs = performance.now() - t1
  const totalMs = performance.now() - t0
  const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 1048576
  const rssMB = process.memoryUsage().rss / 1048576
  return {
    totalMs,
    snapshotMs,
    blueSnapshotMs: b.stats.ms,
    greenSnapshotMs: g.stats.ms,
    compareMs,
    queries: b.stats.queries + g.stats.queries,
    differences: differences.length,
    errors: differences.filter((d) => d.level === 'error').length,
    snapshotJsonMB: (JSON.stringify(b).length + JSON.stringify(g).length) / 1048576,
    heapGrowthMB: heapMB,
    heapGrowthMeasuredAfterGc: gc !== undefined,
    rssMB,
    tables: b.tables.length,
    columns: b.tables.reduce((n, t) => n + t.columns.length, 0),
  }
}

async function measure(blue: DatabaseServer, green: DatabaseServer, size: number, cache: string) {
  // Warm both paths once (server caches, JIT), then measure ours three times (median).
  await ourWay(blue, green)
  const ours = []
  for (let i = 0; i < 3; i++) ours.push(await ourWay(blue, green))
  const perTable = await perTableWay(blue, green)
  const best = ours.reduce((a, b) => (a.totalMs <= b.totalMs ? a : b))
  const median = [...ours].sort((a, b) => a.totalMs - b.totalMs)[1] ?? best
  const row = {
    tables: size,
    serverCache: cache,
    ours: { ...median, bestTotalMs: best.totalMs },
    perTable,
    speedup: perTable.totalMs / median.totalMs,
    speedupFetchOnly: perTable.fetchMs / median.snapshotMs,
  }
  console.log(
    `${String(size).padStart(5)} tables (${cache}): ours ${median.totalMs.toFixed(0)} ms (snapshots ${median.snapshotMs.toFixed(0)} ms, compare ${median.compareMs.toFixed(0)} ms, ${median.queries} queries, ${median.differences} differences, heap +${median.heapGrowthMB.toFixed(0)} MB), ` +
      `per-table ${perTable.totalMs.toFixed(0)} ms (fetch ${perTable.fetchMs.toFixed(0)} ms, parse+compare ${perTable.parseCompareMs.toFixed(0)} ms, ${perTable.queries} queries): ${row.speedup.toFixed(1)}x`,
  )
  return round(row)
}

function round(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 10) / 10
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]))
  return value
}

async function main(): Promise<void> {
  const workspace = Workspace.create()
  const results: unknown[] = []
  try {
    const settings = (serverId: number, cache: object = LARGE_DEFINITION_CACHE) => ({
      serverId,
      binlog: false,
      // tmpdir inside the workspace: information_schema spills large results to temporary files.
      variables: { ...FAST_DDL, ...cache, tmpdir: workspace.dir },
    })
    // One after the other: the first create initialises the workspace's template data directory.
    const blue = await DatabaseServer.create(workspace, 'blue', settings(1))
    const green = await DatabaseServer.create(workspace, 'green', settings(2))
    const [version] = await blue.query<{ v: string }>('SELECT VERSION() AS v')
    const init = `CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-pw'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1'; CREATE DATABASE ${SCHEMA}`
    await Promise.all([blue.query(init), green.query(init)])
    let created = 0
    let setupMs = 0
    for (const size of SIZES) {
      const t0 = performance.now()
      await Promise.all([createTables(blue, created, size), createTables(green, created, size)])
      if (created === 0) for (const sql of GREEN_CHANGES) await green.query(sql)
      const ms = performance.now() - t0
      setupMs += ms
      console.log(`setup: ${size - created} tables on each server in ${(ms / 1000).toFixed(1)} s`)
      created = size

      results.push(await measure(blue, green, size, 'table_definition_cache=10000'))
    }
    // The largest size again with MariaDB's default definition cache (400 entries).
    const largest = SIZES[SIZES.length - 1] ?? 0
    await Promise.all([blue.restart(settings(1, {})), green.restart(settings(2, {}))])
    results.push(await measure(blue, green, largest, 'table_definition_cache=400 (MariaDB default)'))
    const report = {
      benchmark: 'schema-diff',
      date: new Date().toISOString(),
      machine: {
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        server: version?.v ?? 'unknown',
        // The machine is shared: a load above the 2 cores slows both ways and makes figures noisy.
        loadAverageAtEnd: loadavg().map((l) => Math.round(l * 10) / 10),
      },
      method: {
        ours: 'readSchemaSnapshot on blue and green concurrently (bulk information_schema queries), then compareSnapshots; median of 3 runs after a warm-up',
        perTable: 'SHOW CREATE TABLE for every table, one connection per server, both servers concurrently; each statement parsed by node-sql-parser and compared column by column; one run',
        serverSettings: { ...FAST_DDL, ...LARGE_DEFINITION_CACHE },
        connection: 'TCP to 127.0.0.1 for both ways',
      },
      setup: { totalSeconds: Math.round(setupMs / 100) / 10, batch: BATCH, note: 'tables created in batches of multi-statement round trips, both servers concurrently' },
      results,
    }
    mkdirSync(dirname(RESULTS), { recursive: true })
    writeFileSync(RESULTS, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`saved ${RESULTS}`)
  } finally {
    workspace.dispose()
  }
}

await main()
