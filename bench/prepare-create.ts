// Benchmark: what prepare and create cost. For each situation: RDS API calls by action (as
// the sandbox answered them, throttles excluded), mutating calls, and wall time, in process
// (the mode as src/main.ts runs it) and through the bundled dist/index.js as the runner runs
// it; plus the one-query table-risk check on a schema of many tables. Sandbox timings are
// compressed (reboot 200 ms, tasks 300 ms): wall times measure the action's own overhead and
// polling, not RDS's. Prints the figures and saves them to bench/results/prepare-create.json.
// Run: npm run bundle && npx tsx bench/prepare-create.ts
import { mkdirSync, writeFileSync } from 'node:fs'
import { Sandbox, type SandboxOptions } from '../sandbox/index.js'
import { readTableRisks } from '../src/checks/blue/tables.js'
import { CallLog, MUTATING, runModeOnSandbox, runnerEnv, sandboxInputs } from '../test/helpers/sandbox-modes.js'
import { runAction } from '../test/helpers/run-action.js'

interface Figures {
  situation: string
  run: string
  ok: boolean
  wallMs: number
  calls: number
  mutating: number
  byAction: Record<string, number>
}

function count(calls: CallLog, mark: number): Pick<Figures, 'calls' | 'mutating' | 'byAction'> {
  const answered = calls.since(mark).filter((c) => c.code !== 'Throttling')
  const byAction: Record<string, number> = {}
  for (const c of answered) byAction[c.action] = (byAction[c.action] ?? 0) + 1
  return { calls: answered.length, mutating: answered.filter((c) => MUTATING.test(c.action)).length, byAction }
}

async function situation(name: string, options: SandboxOptions, source: string, runs: { run: string; inputs: Record<string, string>; dist?: boolean; db?: boolean }[]): Promise<Figures[]> {
  const calls = new CallLog()
  const sandbox = await Sandbox.start({ ...options, onCall: calls.record })
  const out: Figures[] = []
  try {
    for (const r of runs) {
      const mark = calls.mark()
      const started = performance.now()
      let ok: boolean
      if (r.dist) {
        const result = await runAction({
          inputs: { source, ...sandboxInputs(sandbox), ...r.inputs },
          env: runnerEnv(sandbox),
          timeoutMs: 120_000,
        })
        ok = result.exitCode === 0
      } else {
        const { report } = await runModeOnSandbox(sandbox, { source, ...r.inputs }, { db: r.db ?? true })
        ok = report.verdict.ok
      }
      out.push({ situation: name, run: r.run, ok, wallMs: Math.round(performance.now() - started), ...count(calls, mark) })
    }
  } finally {
    await sandbox.stop()
  }
  return out
}

async function tableRisks(tables: number): Promise<Record<string, number>> {
  const sandbox = await Sandbox.start({ instance: { id: 'wide', sampleData: false } })
  try {
    const server = sandbox.server('wide')
    await server.query('CREATE DATABASE wide')
    const statements: string[] = []
    for (let i = 0; i < tables; i++) statements.push(`CREATE TABLE wide.t${i} (${i % 2 === 0 ? 'id INT PRIMARY KEY, ' : ''}v INT) ENGINE=${i % 10 === 0 ? 'MyISAM' : 'InnoDB'}`)
    for (let i = 0; i < statements.length; i += 200) await server.query(statements.slice(i, i + 200).join(';'))
    const conn = await sandbox.connect({ instance: 'wide' })
    try {
      await readTableRisks(conn)
      const started = performance.now()
      const risks = await readTableRisks(conn)
      return { tables, risky: risks.length, queryMs: Math.round(performance.now() - started) }
    } finally {
      await conn.end()
    }
  } finally {
    await sandbox.stop()
  }
}

const results: Figures[] = []
results.push(
  ...(await situation('RDS for MySQL, already right (custom group MIXED)', {
    instance: { id: 'orders', parameterGroup: 'orders-params' },
    parameterGroups: [{ name: 'orders-params', family: 'mysql8.0', values: { binlog_format: 'MIXED' } }],
  }, 'orders', [
    { run: 'prepare, API checks only (no credentials)', inputs: { mode: 'prepare' }, db: false },
    { run: 'prepare with credentials', inputs: { mode: 'prepare' } },
    { run: 'prepare apply + allow-reboot (nothing to do)', inputs: { mode: 'prepare', apply: 'true', 'allow-reboot': 'true' } },
  ])),
)
results.push(
  ...(await situation('RDS for MySQL, backups off and the default group', { instance: { id: 'orders', backupRetention: 0 } }, 'orders', [
    { run: 'prepare report only', inputs: { mode: 'prepare' } },
    { run: 'prepare apply without allow-reboot', inputs: { mode: 'prepare', apply: 'true', 'backup-retention-period': '7' } },
    { run: 'prepare apply + allow-reboot', inputs: { mode: 'prepare', apply: 'true', 'allow-reboot': 'true', 'backup-retention-period': '7' } },
    { run: 'prepare again (idempotent)', inputs: { mode: 'prepare', apply: 'true', 'allow-reboot': 'true', 'backup-retention-period': '7' } },
    { run: 'create to AVAILABLE', inputs: { mode: 'create' } },
    { run: 'create again (adopts)', inputs: { mode: 'create' } },
  ])),
)
results.push(
  ...(await situation('Aurora MySQL, default cluster group (binlog OFF)', { instance: false, cluster: { id: 'aurora-app' } }, 'aurora-app', [
    { run: 'prepare apply + allow-reboot', inputs: { mode: 'prepare', apply: 'true', 'allow-reboot': 'true' } },
    { run: 'create to AVAILABLE', inputs: { mode: 'create' } },
  ])),
)
results.push(
  ...(await situation('dist/index.js as the runner runs it', { instance: { id: 'orders', backupRetention: 0 } }, 'orders', [
    { run: 'dist: prepare apply + allow-reboot', inputs: { mode: 'prepare', apply: 'true', 'allow-reboot': 'true', 'backup-retention-period': '7' }, dist: true },
    { run: 'dist: create to AVAILABLE', inputs: { mode: 'create' }, dist: true },
  ])),
)
const tables = [await tableRisks(2000)]

for (const r of results) {
  console.log(`${r.ok ? 'ok     ' : 'failed '} ${String(r.wallMs).padStart(6)} ms  ${String(r.calls).padStart(3)} calls (${r.mutating} mutating)  ${r.situation}: ${r.run}`)
}
for (const t of tables) console.log(`table risks: ${t.tables} tables, ${t.risky} risky, one query in ${t.queryMs} ms`)
mkdirSync(new URL('./results/', import.meta.url), { recursive: true })
writeFileSync(
  new URL('./results/prepare-create.json', import.meta.url),
  JSON.stringify({ date: new Date().toISOString(), note: 'sandbox default timings; ok false = blocking findings reported (expected for report-only and no-allow-reboot runs); wall times include polling with backoff (first check after 1-2 s)', runs: results, tables }, null, 2) + '\n',
)
