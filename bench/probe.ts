// bench:probe — figures for the switchover's interruption measurement (issue 6).
//
// Section "schedule": the prober at 100 ms against a real MariaDB server reached through the
// sandbox's endpoint proxy (as clients reach an RDS endpoint), once on a quiet machine and once with
// one busy-looping process per CPU competing for it. It records the probes' start jitter
// (actual start minus scheduled start; target: p99 under 10 ms at 100 ms) and probe latency.
//
// Section "switchover" (not measured yet): how soon after the sandbox completes a switchover
// the action notices (target: within 1 s) and how many DescribeBlueGreenDeployments calls
// one switchover makes (target: at most 2 a second). Both need the switchover mode; add its
// measurement as another entry of SECTIONS.
//
// Usage: npm run bench:probe [-- --seconds 30] [-- --no-load]
// Prints the figures and writes bench/results/probe.json.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EndpointProxy } from '../sandbox/net/proxy.js'
import { DatabaseServer } from '../sandbox/servers/database-server.js'
import { Workspace } from '../sandbox/servers/workspace.js'
import { createHeartbeatSql } from '../src/db/heartbeat.js'
import { analyzeProbeLog } from '../src/probe/analyze.js'
import { startProber } from '../src/probe/prober.js'
import { round, type Spread } from '../src/probe/stats.js'

const INTERVAL_MS = 100
const HEARTBEAT = { schema: 'rds_blue_green', table: 'heartbeat' }
const USER = 'bench_probe'
const PASSWORD = 'bench-probe-pw'

interface Args {
  seconds: number
  load: boolean
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 30, load: true }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--no-load') args.load = false
    else if (a === '--seconds') {
      const value = Number(argv[++i])
      if (!Number.isFinite(value) || value < 1) throw new Error(`--seconds is ${argv[i]}: give a number of seconds, 1 or more.`)
      args.seconds = value
    } else throw new Error(`Unknown argument ${a}: use --seconds N or --no-load.`)
  }
  return args
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const figures = (s: Spread) => ({ p50: round(s.p50, 2), p99: round(s.p99, 2), max: round(s.max, 2) })

/** One busy-looping process per CPU: the machine is as contended as a shared runner can be. */
function startLoad(): ChildProcess[] {
  return cpus().map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }))
}

async function stopLoad(children: ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve()
          c.once('exit', () => resolve())
          c.kill('SIGKILL')
        }),
    ),
  )
}

async function probeRun(port: number, seconds: number, name: string) {
  const prober = startProber({
    endpoint: { host: '127.0.0.1', port },
    connection: { user: USER, password: PASSWORD },
    heartbeatTable: HEARTBEAT,
    token: `bench-${name}-${process.pid}`,
    intervalMs: INTERVAL_MS,
  })
  await sleep(seconds * 1000)
  const log = await prober.stop()
  const a = analyzeProbeLog(log)
  return {
    probes: a.probes,
    outcomes: a.byOutcome,
    jitterMs: figures(a.jitter),
    latencyMs: figures(a.latency),
    meetsTarget: a.jitter.p99 < 10,
  }
}

async function scheduleSection(args: Args) {
  const workspace = Workspace.create()
  const load: ChildProcess[] = []
  try {
    const server = await DatabaseServer.create(workspace, 'bench', { serverId: 1, binlog: false })
    for (const sql of createHeartbeatSql(HEARTBEAT)) await server.query(sql)
    await server.query(`CREATE USER '${USER}'@'%' IDENTIFIED BY '${PASSWORD}'`)
    await server.query(`GRANT SELECT, INSERT ON \`${HEARTBEAT.schema}\`.* TO '${USER}'@'%'`)
    const endpoint = await EndpointProxy.listen('127.0.0.1', 0, { host: '127.0.0.1', port: server.port })
    try {
      const runs: Record<string, unknown> = {}
      console.log(`schedule: probing every ${INTERVAL_MS} ms for ${args.seconds} s, quiet machine...`)
      runs.quiet = await probeRun(endpoint.port, args.seconds, 'quiet')
      console.log(JSON.stringify(runs.quiet))
      if (args.load) {
        console.log(`schedule: again with ${cpus().length} busy-looping processes (one per CPU)...`)
        load.push(...startLoad())
        runs.loaded = { loadProcesses: load.length, ...(await probeRun(endpoint.port, args.seconds, 'loaded')) }
        console.log(JSON.stringify(runs.loaded))
      }
      return { intervalMs: INTERVAL_MS, seconds: args.seconds, targetP99JitterMs: 10, ...runs }
    } finally {
      await endpoint.close()
    }
  } finally {
    await stopLoad(load)
    workspace.dispose()
  }
}

async function switchoverSection() {
  return {
    status: 'not measured',
    reason: 'needs the switchover mode (issue 6), which drives the prober and polls DescribeBlueGreenDeployments',
    targets: { noticedWithinMs: 1000, describeCallsPerSecond: 2 },
  }
}

const SECTIONS: Array<[string, (args: Args) => Promise<unknown>]> = [
  ['schedule', scheduleSection],
  ['switchover', switchoverSection],
]

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2))
  // Other work on the machine shows in these figures; the load averages say how much there was.
  const loadAverageAtStart = loadavg().map((l) => round(l, 2))
  const results: Record<string, unknown> = {}
  for (const [name, run] of SECTIONS) results[name] = await run(args)
  const cpu = cpus()
  const output = {
    bench: 'probe',
    date: new Date().toISOString(),
    machine: {
      cpus: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
    },
    ...results,
  }
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'probe.json')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`)
  console.log(JSON.stringify(output, null, 2))
  console.log(`saved ${file}`)
}

await main()
