// bench:probe — figures for the switchover's interruption measurement (issue 6).
//
// Section "schedule": the prober at 100 ms against a real MariaDB server reached through the
// sandbox's endpoint proxy (as clients reach an RDS endpoint), once on a quiet machine and once with
// one busy-looping process per CPU competing for it. It records the probes' start jitter
// (actual start minus scheduled start; target: p99 under 10 ms at 100 ms) and probe latency.
//
// Section "switchover": the switchover mode, in process, against the sandbox, several times
// (probe-interval 100 ms). For each run: how long after the sandbox completed the switchover
// (its switchoverTrace.completedAt) the mode noticed (the timeline's "RDS status
// SWITCHOVER_COMPLETED (seen by polling)"; target: within 1 s), how many
// DescribeBlueGreenDeployments calls the run made (counted by the sandbox's onCall hook) and
// the most in any one second (target: at most 2), and the write/read downtime the mode
// measured next to the interruption the sandbox produced.
//
// Usage: npm run bench:probe [-- --seconds 30] [-- --no-load] [-- --runs 8] [-- --only schedule|switchover]
// Prints the figures and writes bench/results/probe.json (a section not run keeps its last figures).
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CreateBlueGreenDeploymentCommand, DeleteBlueGreenDeploymentCommand, DeleteDBInstanceCommand } from '@aws-sdk/client-rds'
import { Sandbox } from '../sandbox/index.js'
import { EndpointProxy } from '../sandbox/net/proxy.js'
import { DatabaseServer } from '../sandbox/servers/database-server.js'
import { Workspace } from '../sandbox/servers/workspace.js'
import { createAwsClients } from '../src/aws/clients.js'
import { createDbConnector } from '../src/db/connector.js'
import { dbLoginSource } from '../src/db/credentials.js'
import { createHeartbeatSql } from '../src/db/heartbeat.js'
import { parseInputs, readerFromObject } from '../src/inputs/index.js'
import { type Logger, memoryLogger } from '../src/log.js'
import { createModeContext } from '../src/modes/context.js'
import { runMode } from '../src/modes/registry.js'
import { DEFAULT_POLL_PERIOD_MS } from '../src/modes/switchover/deployment-watch.js'
import { analyzeProbeLog } from '../src/probe/analyze.js'
import { startProber } from '../src/probe/prober.js'
import { round, type Spread } from '../src/probe/stats.js'
import { SecretRegistry } from '../src/secrets/registry.js'

const INTERVAL_MS = 100
const HEARTBEAT = { schema: 'rds_blue_green', table: 'heartbeat' }
const USER = 'bench_probe'
const PASSWORD = 'bench-probe-pw'

interface Args {
  seconds: number
  load: boolean
  runs: number
  only: string | undefined
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 30, load: true, runs: 8, only: undefined }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--no-load') args.load = false
    else if (a === '--seconds') {
      const value = Number(argv[++i])
      if (!Number.isFinite(value) || value < 1) throw new Error(`--seconds is ${argv[i]}: give a number of seconds, 1 or more.`)
      args.seconds = value
    } else if (a === '--runs') {
      const value = Number(argv[++i])
      if (!Number.isInteger(value) || value < 1) throw new Error(`--runs is ${argv[i]}: give a whole number of switchovers, 1 or more.`)
      args.runs = value
    } else if (a === '--only') {
      const value = argv[++i]
      if (value !== 'schedule' && value !== 'switchover') throw new Error(`--only is ${value}: give schedule or switchover.`)
      args.only = value
    } else throw new Error(`Unknown argument ${a}: use --seconds N, --no-load, --runs N or --only schedule|switchover.`)
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

const SWITCHOVER_TIMINGS = { readOnlyMs: 500, unavailableMs: 500, unavailableMode: 'refuse' as const, postProcessingMs: 300 }

/** A switchover ModeContext on the sandbox, wired as main.ts wires it. */
function switchoverContext(sandbox: Sandbox) {
  const parsed = parseInputs(
    readerFromObject({
      mode: 'switchover',
      source: 'bench',
      'aws-region': sandbox.env.AWS_REGION ?? 'us-east-1',
      'db-user': sandbox.env.SANDBOX_DB_USER ?? '',
      'db-password': sandbox.env.SANDBOX_DB_PASSWORD ?? '',
      'db-ca-bundle': sandbox.env.SANDBOX_DB_CA ?? '',
      'probe-interval': '100ms',
      'probe-tail': '500ms',
      'switchover-timeout': '60',
    }),
    { RUNNER_TEMP: sandbox.dir },
  )
  if (parsed.mode !== 'switchover') throw new Error('expected switchover inputs')
  const quiet: Logger = memoryLogger()
  const secrets = new SecretRegistry(() => undefined)
  const aws = createAwsClients({
    region: parsed.aws.region,
    maxAttempts: 3,
    credentials: async () => ({ accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY ?? '' }),
  })
  const db = createDbConnector(parsed.db, dbLoginSource(parsed.db.auth, { aws, secrets }))
  return { ctx: createModeContext(parsed, { aws, db, log: quiet, secrets }), close: () => aws.destroy() }
}

/** Calls that ended within any one second: the most, over a list of times. */
function maxPerSecond(times: number[]): number {
  let max = 0
  let from = 0
  for (let to = 0; to < times.length; to++) {
    while ((times[to] as number) - (times[from] as number) >= 1000) from++
    max = Math.max(max, to - from + 1)
  }
  return max
}

async function switchoverSection(args: Args) {
  const calls: Array<{ action: string; at: number }> = []
  const sandbox = await Sandbox.start({
    instance: { id: 'bench' },
    timings: { taskMs: 50, deleteMs: 50, switchover: SWITCHOVER_TIMINGS },
    onCall: (action) => calls.push({ action, at: Date.now() }),
  })
  process.env.AWS_ENDPOINT_URL_RDS = sandbox.env.AWS_ENDPOINT_URL_RDS
  const rds = switchoverContext(sandbox)
  const runs: Array<Record<string, unknown>> = []
  try {
    for (let n = 1; n <= args.runs; n++) {
      const created = await rds.ctx.rds.send(new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: `bench-${n}`, Source: sandbox.state.arn('db', 'bench') }))
      const id = created.BlueGreenDeployment?.BlueGreenDeploymentIdentifier ?? ''
      while (sandbox.state.deployments.get(id)?.status !== 'AVAILABLE') await sleep(50)
      // Completion lands at a different phase of the 600 ms polling each run, so the notice
      // latency is sampled across the period rather than at one fixed offset.
      sandbox.setTimings({ switchover: { ...SWITCHOVER_TIMINGS, postProcessingMs: SWITCHOVER_TIMINGS.postProcessingMs + ((n * 137) % 600) } })
      const { ctx, close } = switchoverContext(sandbox)
      const from = calls.length
      const started = Date.now()
      const report = await runMode(ctx)
      close()
      const trace = sandbox.state.deployments.get(id)?.switchoverTrace
      const noticed = report.timeline.find((e) => e.label.startsWith('RDS status SWITCHOVER_COMPLETED'))?.at
      const calledAt = report.timeline.find((e) => e.label.startsWith('SwitchoverBlueGreenDeployment called'))?.at ?? started
      if (!trace?.completedAt || noticed === undefined || report.outputs.status !== 'SWITCHOVER_COMPLETED') {
        throw new Error(`switchover ${n} did not complete: ${report.verdict.headline}`)
      }
      const describes = calls.slice(from).filter((c) => c.action === 'DescribeBlueGreenDeployments').map((c) => c.at)
      const whileRunning = describes.filter((at) => at >= calledAt && at <= noticed)
      const run = {
        run: n,
        noticedAfterMs: round(noticed - trace.completedAt, 1),
        switchoverMs: round(trace.completedAt - trace.startedAt),
        describeCalls: describes.length,
        describeCallsWhileInProgress: whileRunning.length,
        describeCallsMaxPerSecond: maxPerSecond(describes),
        meanDescribeCallsPerSecondWhileInProgress: round(whileRunning.length / Math.max(0.001, (noticed - calledAt) / 1000), 2),
        writeDowntimeMs: { measured: Number(report.outputs['write-downtime-ms']), produced: round((trace.endpointsOpenedAt ?? 0) - (trace.readOnlyAt ?? 0)) },
        readDowntimeMs: { measured: Number(report.outputs['read-downtime-ms']), produced: round((trace.endpointsOpenedAt ?? 0) - (trace.endpointsClosedAt ?? 0)) },
        lostWrites: Number(report.outputs['lost-writes']),
      }
      console.log(JSON.stringify(run))
      runs.push(run)
      // Next run: a fresh deployment from the same name (the former green), the old blue gone.
      await rds.ctx.rds.send(new DeleteBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id }))
      while (sandbox.state.deployments.has(id)) await sleep(50)
      const old = [...sandbox.state.instances.keys()].find((k) => /^bench-old\d+$/.test(k))
      if (old) await rds.ctx.rds.send(new DeleteDBInstanceCommand({ DBInstanceIdentifier: old, SkipFinalSnapshot: true }))
      await sandbox.idle()
    }
  } finally {
    rds.close()
    await sandbox.stop()
  }
  const noticed = runs.map((r) => r.noticedAfterMs as number)
  const perSecond = runs.map((r) => r.describeCallsMaxPerSecond as number)
  return {
    runs: runs.length,
    probeIntervalMs: 100,
    sandboxTimings: { ...SWITCHOVER_TIMINGS, postProcessingMs: `${SWITCHOVER_TIMINGS.postProcessingMs} + (run * 137 mod 600)` },
    noticedAfterMs: { min: Math.min(...noticed), max: Math.max(...noticed), mean: round(noticed.reduce((a, b) => a + b, 0) / noticed.length, 1) },
    pollPeriodMs: DEFAULT_POLL_PERIOD_MS,
    describeCallsMaxPerSecond: Math.max(...perSecond),
    targets: { noticedWithinMs: 1000, describeCallsPerSecond: 2 },
    meetsTargets: Math.max(...noticed) <= 1000 && Math.max(...perSecond) <= 2,
    perRun: runs,
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
  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'probe.json')
  // A section not run this time keeps its figures from the last run.
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {}
  const results: Record<string, unknown> = {}
  for (const [name, run] of SECTIONS) {
    if (args.only && args.only !== name) {
      if (previous[name] !== undefined) results[name] = previous[name]
      continue
    }
    results[name] = await run(args)
  }
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
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`)
  console.log(JSON.stringify(output, null, 2))
  console.log(`saved ${file}`)
}

await main()
