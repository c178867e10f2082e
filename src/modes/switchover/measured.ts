// The measured switchover (seed 000 step 6 and its probing test, done properly):
//   gate -> heartbeat table -> prober, rds_topology and RDS events started -> baseline ->
//   SwitchoverBlueGreenDeployment -> status polled (<= 2 calls/s, >= 1/s) -> probe-tail ->
//   everything stopped -> analysis -> what holds now (new primary or blue, lost writes).
import { type BlueGreenDeployment, SwitchoverBlueGreenDeploymentCommand } from '@aws-sdk/client-rds'
import { closeQuietly, type Connection, type Endpoint } from '../../db/connector.js'
import { createHeartbeatSql, ensureHeartbeatTable } from '../../db/heartbeat.js'
import type { ProbeAnalysis, ProbeLog, ServerIdentity } from '../../probe/index.js'
import { round } from '../../probe/stats.js'
import { formatDuration, sleepWithProgress } from '../../progress.js'
import type { Database } from '../../rds/database.js'
import { describeDeployment } from '../../rds/deployment.js'
import { describeCall, type ModeContext } from '../context.js'
import { type Before, checkOldBlue, confirmBlueServes, confirmNewPrimary, greenBefore } from './after.js'
import { DEFAULT_POLL_PERIOD_MS, maxCallsPerSecond, watchSwitchover, type WatchResult } from './deployment-watch.js'
import { every } from './every.js'
import { runGate } from './gate.js'
import { readServerIdentity } from './identity.js'
import { reportProbes, runToken, startSwitchoverProber, stopProber, waitForBaseline } from './probe-run.js'
import { RdsEventLog } from './rds-events.js'
import { switchoverGantt } from './timeline-chart.js'
import { topologyReadable, watchTopology, type TopologyChange } from './topology-watch.js'
import { finding } from '../../findings/finding.js'
import { describeSql } from '../../db/sql.js'
import { errorLine } from '../../error-line.js'

type Ctx = ModeContext<'switchover'>

/** How long past switchover-timeout the mode keeps looking before giving up on RDS. */
export const WAIT_GRACE_MS = 120_000
const EVENTS_PERIOD_MS = 2000
const TOPOLOGY_PERIOD_MS = 200

async function identityAt(ctx: Ctx, db: { endpoint?: Endpoint } | undefined): Promise<ServerIdentity | undefined> {
  if (!db?.endpoint) return undefined
  let conn: Connection | undefined
  try {
    conn = await ctx.db.connect(db.endpoint)
    return await readServerIdentity(conn)
  } catch {
    return undefined
  } finally {
    await closeQuietly(conn)
  }
}

export async function performSwitchover(ctx: Ctx, deployment: BlueGreenDeployment, blue: Database): Promise<void> {
  const { inputs, report } = ctx
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const endpoint = `${blue.endpoint.host}:${blue.endpoint.port}`
  const green = await greenBefore(ctx, deployment)
  const before: Before = { blue, ...(green ? { green } : {}) }

  // Blue, through the endpoint applications use: the gate's session checks, its identity.
  let blueConn: Connection | undefined
  let blueError: string | undefined
  try {
    blueConn = await ctx.db.connect(blue.endpoint)
    before.blueIdentity = await readServerIdentity(blueConn)
  } catch (error) {
    blueError = errorLine(error)
  }
  try {
    const greenIdentity = await identityAt(ctx, green)
    if (greenIdentity) before.greenIdentity = greenIdentity

    const gate = await runGate(ctx, {
      deployment,
      blueSubject: blue.identifier,
      blue: blueConn ? { conn: blueConn } : { error: blueError ?? 'not connected', endpoint },
      maxReplicaLagMs: inputs.maxReplicaLagMs,
      force: inputs.force,
    })
    for (const f of gate.findings) report.finding(f)
    for (const m of gate.metrics) report.metric(m.name, m.value, m.unit, m.label)
    if (!gate.ready && !inputs.force) {
      report.event(`Gate refused the switchover: ${gate.blocking.join(', ')}`)
      report.verdict(false, `switchover refused: ${gate.blocking.length} blocking finding${gate.blocking.length === 1 ? '' : 's'} (${[...new Set(gate.blocking)].join(', ')}); nothing was changed`)
      return
    }
    report.event(gate.ready ? 'Gate passed' : `Gate overridden by force: true (${gate.blocking.join(', ')})`)

    const command = new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: inputs.switchoverTimeoutSeconds })
    const table = inputs.db.heartbeatTable
    if (ctx.dryRun) {
      await ctx.act(describeSql(blue.endpoint, createHeartbeatSql(table)[1] ?? ''), async () => undefined)
      await ctx.act(
        `Probe ${endpoint} every ${inputs.probeIntervalMs} ms (a new connection, an identity read and one heartbeat INSERT each) from before the switchover until ${inputs.probeTailMs} ms after it`,
        async () => undefined,
      )
      await ctx.act(describeCall(command), () => ctx.rds.send(command))
      report.verdict(!report.count('error'), `switchover (dry run): the gate ${gate.ready ? 'passed' : 'was overridden'}; would switch over ${id} while probing ${endpoint}`)
      return
    }

    if (blueConn) {
      const conn = blueConn
      await ctx.act(describeSql(blue.endpoint, createHeartbeatSql(table)[1] ?? ''), () => ensureHeartbeatTable(conn, table))
    }
    const readable = blueConn ? await topologyReadable(blueConn).catch(() => false) : false
    await closeQuietly(blueConn)
    blueConn = undefined
    if (!readable) {
      report.finding(
        finding({
          code: 'TOPOLOGY_NOT_AVAILABLE',
          subject: blue.identifier,
          message: `mysql.rds_topology cannot be read on ${blue.identifier} (${blue.engine} ${blue.engineVersion}): the switchover phases seen from inside the database are not in the timeline; RDS status and events are.`,
        }),
      )
    }
    ctx.log.phase(`Switchover of ${id}, probed through ${endpoint}`)
    await measured(ctx, deployment, before, command, readable)
  } finally {
    await closeQuietly(blueConn)
  }
}

async function measured(ctx: Ctx, deployment: BlueGreenDeployment, before: Before, command: SwitchoverBlueGreenDeploymentCommand, topology: boolean): Promise<void> {
  const { inputs, report } = ctx
  const id = deployment.BlueGreenDeploymentIdentifier ?? ''
  const blue = before.blue
  const token = runToken(id, ctx.now())
  const sources = new Set([id, blue.identifier, ...blue.instances.map((i) => i.DBInstanceIdentifier ?? ''), ...(before.green ? [before.green.identifier, ...before.green.instances.map((i) => i.DBInstanceIdentifier ?? '')] : [])])
  const events = new RdsEventLog(ctx.rds, sources, new Date(ctx.now() - 5000))
  const topologyWatch = topology
    ? watchTopology({ connect: () => ctx.db.connect(blue.endpoint, { connectTimeoutMs: 1000 }), periodMs: TOPOLOGY_PERIOD_MS, now: ctx.now })
    : undefined
  const prober = startSwitchoverProber(ctx, blue.endpoint, token)
  const eventsLoop = every(EVENTS_PERIOD_MS, () => events.poll())
  let topologyChanges: TopologyChange[]
  let result: WatchResult | undefined
  let callAt = 0
  let refused: string | undefined
  let baselineFailure: string | undefined
  let log: ProbeLog | undefined
  try {
    const baseline = await waitForBaseline(ctx, prober)
    if (!baseline.ok) {
      const r = baseline.record
      baselineFailure = r ? `probe ${r.seq} ended ${r.outcome}${r.error ? ` (${r.error.errno ?? r.error.code ?? ''} ${r.error.message})` : ''}` : 'no probe ended'
    }
    if (baselineFailure && !inputs.force) {
      report.finding(
        finding({
          code: 'PROBE_BASELINE_FAILED',
          subject: `${blue.endpoint.host}:${blue.endpoint.port}`,
          message: `Before the switchover the prober could not connect, read and write through the endpoint: ${baselineFailure}. The interruption could not be measured, so nothing was switched.`,
        }),
      )
    } else {
      callAt = ctx.now()
      report.event(`SwitchoverBlueGreenDeployment called (SwitchoverTimeout ${inputs.switchoverTimeoutSeconds} s)`, { at: callAt })
      try {
        await ctx.act(describeCall(command), () => ctx.rds.send(command))
      } catch (error) {
        // A call whose answer was lost may still have started the switchover: look before deciding.
        const now = await describeDeployment(ctx.rds, id).catch(() => undefined)
        if (now?.Status !== 'SWITCHOVER_IN_PROGRESS' && now?.Status !== 'SWITCHOVER_COMPLETED') refused = errorLine(error)
      }
      if (!refused) {
        result = await watchSwitchover({
          rds: ctx.rds,
          id,
          deadline: Math.min(callAt + inputs.switchoverTimeoutSeconds * 1000 + WAIT_GRACE_MS, ctx.deadline),
          now: ctx.now,
          sleep: ctx.sleep,
          onChange: (change) => {
            ctx.log.info(`RDS status at ${new Date(change.at).toISOString().slice(11, 23)} UTC: ${change.status}${change.members.length ? `; ${change.members.join(', ')}` : ''}`)
            report.event(`RDS status ${change.status} (seen by polling); ${change.members.join(', ')}`, { at: change.at })
          },
          progress: ctx.progress(`the switchover of ${id} to complete`, inputs.switchoverTimeoutSeconds * 1000 + WAIT_GRACE_MS),
        })
        if (!result.timedOut) {
          const tailMs = ctx.timeLeft(inputs.probeTailMs)
          ctx.log.info(`RDS reports ${result.status}: probing ${tailMs} ms more (probe-tail${tailMs < inputs.probeTailMs ? ', shortened to end before time-limit' : ''})`)
          const tail = ctx.progress('the end of the probe tail', tailMs)
          tail.note(`probing ${blue.endpoint.host}:${blue.endpoint.port} every ${inputs.probeIntervalMs} ms`)
          await sleepWithProgress(tailMs, tail, ctx.sleep, ctx.now)
        }
      }
    }
  } finally {
    // Everything started above stops here, whatever happened in between.
    log = await stopProber(ctx, prober)
    topologyChanges = (await topologyWatch?.stop()) ?? []
    await eventsLoop.stop()
    await events.poll()
  }
  ctx.log.phase('After the switchover: probes analysed, new primary and lost writes')
  const analysis = reportProbes(ctx, log)
  if (callAt > 0 && !refused) checkDowntimeBudget(ctx, analysis, `${blue.endpoint.host}:${blue.endpoint.port}`)
  const acknowledged = log.records.filter((r) => r.acknowledged).map((r) => r.seq)
  if (result) addChart(ctx, callAt, result, topologyChanges, analysis, log.stoppedAt)
  report.section(analysis.section.title, analysis.section.markdown)
  for (const c of topologyChanges) report.event(`rds_topology: ${c.status} (server_id ${c.serverId})`, { at: c.at, source: 'topology' })
  for (const e of events.events) report.event(`${e.source}: ${e.message}`, { at: e.at, source: 'rds-event' })

  if (baselineFailure && !inputs.force) {
    report.verdict(false, 'switchover not started: the prober could not write through the endpoint beforehand')
    return
  }
  if (refused) {
    report.finding(
      finding({
        code: 'SWITCHOVER_REFUSED_BY_RDS',
        subject: id,
        message: `RDS refused SwitchoverBlueGreenDeployment: ${refused}. Nothing was switched; blue keeps serving.`,
      }),
    )
    report.verdict(false, `switchover refused by RDS: ${refused}`)
    return
  }
  if (!result) return
  const outcome = result
  report.output('status', outcome.status)
  const tookMs = outcome.noticedAt - callAt
  report.metric('switchover-duration', round(tookMs), 'ms', 'Switchover (call to final status seen)')
  report.metric('describe-calls', outcome.calls, 'count', 'DescribeBlueGreenDeployments calls while waiting')
  report.metric('describe-calls-max-per-second', maxCallsPerSecond(outcome.callStarts), 'count', 'DescribeBlueGreenDeployments calls in any one second (most)')
  const marker = `${token}-after`
  const probe = { token, acknowledged }

  if (outcome.timedOut) {
    report.finding(
      finding({
        code: 'SWITCHOVER_STILL_IN_PROGRESS',
        subject: id,
        message: `RDS still reported SWITCHOVER_IN_PROGRESS ${round(tookMs / 1000)} s after the call (switchover-timeout ${inputs.switchoverTimeoutSeconds} s): the action stopped waiting.`,
      }),
    )
    report.verdict(false, `switchover still in progress after ${round(tookMs / 1000)} s; not confirmed`)
    return
  }
  if (outcome.status === 'SWITCHOVER_COMPLETED') {
    report.finding(
      finding({
        code: 'SWITCHOVER_COMPLETED',
        subject: id,
        message: `RDS reported SWITCHOVER_COMPLETED ${round(tookMs / 1000, 1)} s after the call (seen by polling every ${DEFAULT_POLL_PERIOD_MS} ms; ${outcome.calls} DescribeBlueGreenDeployments calls).`,
      }),
    )
    await confirmNewPrimary(ctx, before, marker, probe)
    if (outcome.deployment) await checkOldBlue(ctx, outcome.deployment, before)
  } else {
    const details = outcome.deployment?.StatusDetails?.replace(/\.\s*$/, '')
    const timedOut = tookMs >= inputs.switchoverTimeoutSeconds * 1000
    report.finding(
      finding({
        code: timedOut ? 'SWITCHOVER_TIMED_OUT' : 'SWITCHOVER_FAILED',
        subject: id,
        message: `The switchover ${timedOut ? `did not finish within switchover-timeout (${inputs.switchoverTimeoutSeconds} s) and ` : ''}ended ${outcome.status} after ${round(tookMs / 1000, 1)} s${details ? `: ${details}` : ''}. RDS rolled it back; blue keeps serving.`,
        remedy: timedOut
          ? 'Find what held it up (long transactions or DDL on blue, replica lag: run verify), then switch over again, with a longer switchover-timeout if the catch-up needs it.'
          : 'Read StatusDetails and the RDS events in the timeline, correct the cause (run verify), then switch over again.',
      }),
    )
    await confirmBlueServes(ctx, before, marker, probe)
  }
  headline(ctx, outcome, tookMs, analysis)
}

/** The downtime budget (max-write-downtime, max-read-downtime): more downtime (the outputs' figures) is a warning. */
function checkDowntimeBudget(ctx: Ctx, analysis: ProbeAnalysis, endpoint: string): void {
  const { inputs } = ctx
  const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`
  const causes =
    'Find what made it long in the timeline and the probe chart: clients and resolvers caching DNS beyond the endpoint\'s 5 s TTL keep reaching the old blue (docs/interruption.md), long transactions or DDL on blue hold the switchover up, and replica lag adds catch-up time.'
  const over = [
    { kind: 'Writes', ms: analysis.write.downtimeMs, longest: analysis.write.longestMs, budget: inputs.maxWriteDowntimeMs, input: 'max-write-downtime', code: 'WRITE_DOWNTIME_OVER_BUDGET' as const },
    { kind: 'Reads', ms: analysis.read.downtimeMs, longest: analysis.read.longestMs, budget: inputs.maxReadDowntimeMs, input: 'max-read-downtime', code: 'READ_DOWNTIME_OVER_BUDGET' as const },
  ]
  for (const o of over) {
    if (o.ms <= o.budget) continue
    ctx.report.finding(
      finding({
        code: o.code,
        subject: endpoint,
        message: `${o.kind} through ${endpoint} failed for ${ms(o.ms)} in all (the longest interruption ${ms(o.longest)}, probed every ${inputs.probeIntervalMs} ms), above ${o.input} (${formatDuration(o.budget)}).`,
        remedy: `${causes} If an interruption this long is acceptable, raise ${o.input}.`,
      }),
    )
  }
}

function addChart(ctx: Ctx, callAt: number, outcome: WatchResult, topology: TopologyChange[], analysis: ProbeAnalysis, end: number): void {
  const statuses = [{ at: callAt, label: 'SWITCHOVER_IN_PROGRESS' }, ...outcome.changes.filter((c) => c.status !== 'SWITCHOVER_IN_PROGRESS').map((c) => ({ at: c.at, label: c.status }))]
  const chart = switchoverGantt({
    title: `Switchover of ${ctx.inputs.source.identifier}`,
    statuses,
    topology: topology.map((t) => ({ at: t.at, label: t.status })),
    ...(analysis.readOnly ? { readOnly: analysis.readOnly } : {}),
    writeWindows: analysis.write.windows,
    readWindows: analysis.read.windows,
    end: Math.max(end, outcome.noticedAt + 1),
  })
  ctx.report.section('Switchover timeline', ['```mermaid', chart, '```'].join('\n'))
}

function headline(ctx: Ctx, outcome: WatchResult, tookMs: number, analysis: ProbeAnalysis): void {
  const errors = ctx.report.count('error')
  const figures = `writes failed ${round(analysis.write.downtimeMs)} ms, reads ${round(analysis.read.downtimeMs)} ms`
  if (outcome.status === 'SWITCHOVER_COMPLETED') {
    const lost = ctx.report.build().outputs['lost-writes']
    const text = `switchover completed in ${round(tookMs / 1000, 1)} s; ${figures}; ${lost ?? 'unknown'} lost write${lost === '1' ? '' : 's'}`
    ctx.report.verdict(errors === 0, errors === 0 ? text : `${text}; ${errors} blocking finding${errors === 1 ? '' : 's'}`)
  } else {
    ctx.report.verdict(false, `switchover ${outcome.status === 'AVAILABLE' ? 'rolled back' : 'failed'} after ${round(tookMs / 1000, 1)} s (${figures}); blue keeps serving`)
  }
}
