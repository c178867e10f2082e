// The bundle's size and the action's cold start: how long `node dist/index.js` takes, as the
// runner starts it, to load, print its first line and finish a run that stops at a bad input
// (no AWS or MySQL call, so what is measured is loading and evaluating the bundle). The same
// is measured for a baseline bundle from git (default: 9aff2c5, the last unminified bundle
// that loaded node-sql-parser at start-up), so the figures show what minifying and loading
// the SQL grammars lazily saved.
// Run: npm run bench:cold-start (BASELINE_REF=<commit> to compare with another bundle;
// writes bench/results/cold-start.json). Run it under the suite lock: it measures time.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { REPO_ROOT, runAction } from '../sandbox/runner.js'

const ROUNDS = 15
const BASELINE_REF = process.env.BASELINE_REF ?? '9aff2c5'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}
const round = (n: number) => Math.round(n)

/** Sizes of the files of a dist/ directory (the JS the runner may load; maps and licenses aside). */
function sizes(dir: string) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'))
  const bytes = Object.fromEntries(files.map((f) => [f, statSync(join(dir, f)).size]))
  return { indexJsBytes: bytes['index.js'] ?? 0, lazyChunks: Object.fromEntries(Object.entries(bytes).filter(([f]) => f !== 'index.js')) }
}

// CPU time of the whole process (user + system), printed at exit by a preload: unlike wall
// time, it hardly moves when other work shares the machine's cores.
const preload = join(mkdtempSync(join(tmpdir(), 'rbg-cold-start-preload-')), 'cpu.mjs')
writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`cpu-usage-us ${u.user + u.system}\\n`) })\n")

async function coldStart(entry: string) {
  const firstLine: number[] = []
  const total: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    let first: number | undefined
    const started = performance.now()
    const result = await runAction({
      entry,
      nodeArgs: ['--import', preload],
      inputs: { mode: 'verify', source: 'orders-db', 'aws-region': 'eu-west-1', 'sync-timeout': 'soon' },
      onStdout: () => (first ??= performance.now() - started),
    })
    if (result.exitCode !== 1 || !result.errors.some((e) => e.includes("'sync-timeout'"))) {
      throw new Error(`expected the run to stop at the bad input, got exit ${result.exitCode}: ${result.stdout}`)
    }
    total.push(performance.now() - started)
    firstLine.push(first ?? Number.NaN)
    cpu.push(Number(/cpu-usage-us (\d+)/.exec(result.stderr)?.[1]) / 1000)
  }
  for (const list of [firstLine, total, cpu]) list.sort((a, b) => a - b)
  return {
    cpuMs: { p50: round(percentile(cpu, 50)), p90: round(percentile(cpu, 90)) },
    firstLineMs: { p50: round(percentile(firstLine, 50)), p90: round(percentile(firstLine, 90)) },
    exitMs: { p50: round(percentile(total, 50)), p90: round(percentile(total, 90)) },
  }
}

const current = { ...sizes(join(REPO_ROOT, 'dist')), ...(await coldStart(join(REPO_ROOT, 'dist', 'index.js'))) }

let baseline: (ReturnType<typeof sizes> & Awaited<ReturnType<typeof coldStart>> & { ref: string }) | undefined
const scratch = mkdtempSync(join(tmpdir(), 'rbg-cold-start-'))
try {
  const archive = execFileSync('git', ['archive', BASELINE_REF, 'dist'], { cwd: REPO_ROOT, maxBuffer: 1 << 30 })
  execFileSync('tar', ['-x', '-C', scratch], { input: archive })
  baseline = { ref: BASELINE_REF, ...sizes(join(scratch, 'dist')), ...(await coldStart(join(scratch, 'dist', 'index.js'))) }
} catch (error) {
  console.error(`no baseline (${BASELINE_REF}): ${(error as Error).message.split('\n')[0]}`)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}

const results = {
  rounds: ROUNDS,
  what: 'node dist/index.js started as the runner starts it, stopping at a bad input (no network): CPU time of the process, wall time to its first log line and to exit; medians and 90th percentiles',
  loadAverage: (await import('node:os')).loadavg().map((l) => Math.round(l * 10) / 10),
  current,
  ...(baseline ? { baseline } : {}),
  node: process.version,
  cores: (await import('node:os')).availableParallelism(),
}
console.log(JSON.stringify(results, null, 2))
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'cold-start.json')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`)
