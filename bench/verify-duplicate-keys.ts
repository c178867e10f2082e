// Benchmark: verify's duplicate-key risk check (checkDuplicateKeyRisk: the largest key of
// every auto-increment table in chunked UNION ALL statements, green then blue) against the
// per-table way (one SELECT MAX() round trip per table per server), on 500, 2,000 and 5,000
// tables with a few rows each, three of them carrying rows written on green. Both ways find
// the same tables. Prints and saves the figures to bench/results/verify-duplicate-keys.json.
//
// Over loopback a round trip costs ~0.1 ms, so the server's own work (opening each table)
// dominates and the bulk way is about 2x faster; over a network every per-table round trip
// adds the RTT (1 ms in a Region: +10 s for 5,000 tables on two servers), the bulk way ~20.
//
//   npm run bench:verify-duplicate-keys
//   SIZES=200,500 npx tsx bench/verify-duplicate-keys.ts   (a quicker run)
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import { DatabaseServer } from '../sandbox/servers/database-server.js'
import { Workspace } from '../sandbox/servers/workspace.js'
import { autoIncrementKeys, checkDuplicateKeyRisk } from '../src/checks/green/auto-increment.js'
import { readSchemaSnapshot } from '../src/schema/snapshot.js'

const SIZES = (process.env.SIZES ?? '500,2000,5000').split(',').map(Number)
const SCHEMA = 'bench'
const BATCH = 250
const RUNS = 3
const RESULTS = fileURLToPath(new URL('./results/verify-duplicate-keys.json', import.meta.url))
// As in bench/schema-diff.ts: settings that make creating thousands of tables fast without
// changing what the queries measured do; a definition cache that holds every table.
const SETTINGS = { innodb_file_per_table: 'OFF', innodb_flush_log_at_trx_commit: 0, innodb_doublewrite: 'OFF', sync_frm: 'OFF', table_definition_cache: 10_000, table_open_cache: 10_000 }

const name = (i: number) => `t${String(i).padStart(5, '0')}`

async function load(server: DatabaseServer, from: number, to: number): Promise<void> {
  for (let i = from; i < to; i += BATCH) {
    const sql: string[] = []
    for (let j = i; j < Math.min(to, i + BATCH); j++) {
      sql.push(`CREATE TABLE ${SCHEMA}.${name(j)} (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(20) NOT NULL) ENGINE=InnoDB`)
      sql.push(`INSERT INTO ${SCHEMA}.${name(j)} (v) VALUES ('a'), ('b'), ('c')`)
    }
    await server.query(sql.join(';\n'))
  }
}

async function perTable(conn: mysql.Connection, tables: number): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (let i = 0; i < tables; i++) {
    const [rows] = await conn.query(`SELECT MAX(id) AS m FROM ${SCHEMA}.${name(i)}`)
    out.set(name(i), Number((rows as { m: number }[])[0]?.m ?? 0))
  }
  return out
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

const workspace = Workspace.create()
const results: unknown[] = []
let setupMs = 0
try {
  const blue = await DatabaseServer.create(workspace, 'blue', { serverId: 1, binlog: false, variables: SETTINGS })
  const green = await DatabaseServer.create(workspace, 'green', { serverId: 2, binlog: false, variables: SETTINGS })
  for (const s of [blue, green]) {
    await s.query(`CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench-pw'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1'; CREATE DATABASE ${SCHEMA}`)
  }
  const connect = (s: DatabaseServer) => mysql.createConnection({ host: '127.0.0.1', port: s.port, user: 'bench', password: 'bench-pw' })
  let loaded = 0
  for (const size of SIZES) {
    const started = performance.now()
    await Promise.all([load(blue, loaded, size), load(green, loaded, size)])
    if (loaded === 0) {
      // Rows written on green (seed 003), in three tables.
      await green.query(`INSERT INTO ${SCHEMA}.${name(0)} (v) VALUES ('green'); INSERT INTO ${SCHEMA}.${name(1)} (v) VALUES ('green'), ('green'); INSERT INTO ${SCHEMA}.${name(2)} (id, v) VALUES (1000, 'green')`)
    }
    loaded = size
    setupMs += performance.now() - started

    const [b, g] = await Promise.all([connect(blue), connect(green)])
    const snapshots = { blue: await readSchemaSnapshot(b), green: await readSchemaSnapshot(g) }
    const keys = autoIncrementKeys(snapshots.blue, snapshots.green).length
    const ours: number[] = []
    let ahead = 0
    await checkDuplicateKeyRisk(b, g, snapshots) // warm-up
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now()
      const risk = await checkDuplicateKeyRisk(b, g, snapshots)
      ours.push(performance.now() - t)
      ahead = risk.ahead.length
    }
    const t = performance.now()
    const greenMax = await perTable(g, size)
    const blueMax = await perTable(b, size)
    const perTableMs = performance.now() - t
    const perTableAhead = [...greenMax].filter(([table, m]) => m > (blueMax.get(table) ?? 0)).length
    await Promise.all([b.end(), g.end()])
    if (perTableAhead !== ahead) throw new Error(`the two ways disagree: ${ahead} vs ${perTableAhead}`)
    const row = { tables: size, autoIncrementKeys: keys, tablesAheadOnGreen: ahead, oursMs: Math.round(median(ours) * 10) / 10, perTableMs: Math.round(perTableMs * 10) / 10, speedup: Math.round((perTableMs / median(ours)) * 10) / 10 }
    console.log(JSON.stringify(row))
    results.push(row)
  }
  const version = (await blue.query<{ v: string }>('SELECT VERSION() AS v'))[0]?.v
  const out = {
    benchmark: 'verify-duplicate-keys',
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, server: version },
    method: {
      ours: `checkDuplicateKeyRisk: MAX(key) of every auto-increment table in UNION ALL statements of 500 tables, green then blue, then one statement each for the tables ahead; median of ${RUNS} runs after a warm-up (schema snapshots taken before, not timed)`,
      perTable: 'one SELECT MAX(id) round trip per table, green then blue, on the same TCP connections; one run',
      serverSettings: SETTINGS,
    },
    setupSeconds: Math.round(setupMs / 100) / 10,
    results,
  }
  mkdirSync(dirname(RESULTS), { recursive: true })
  writeFileSync(RESULTS, `${JSON.stringify(out, null, 2)}\n`)
  console.log(`saved ${RESULTS}`)
} finally {
  workspace.dispose()
}
