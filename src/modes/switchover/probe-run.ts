// The prober as the switchover runs it: against the endpoint clients use, with the run's
// credentials and TLS (looked up per probe, so an IAM token is renewed in a long run), a
// token unique to this run, and the probe log at probe-log-path. Also the baseline (the
// probes must work before the switchover, or the measurement means nothing) and the
// report material once probing stopped.
import { randomBytes } from 'node:crypto'
import type { Endpoint } from '../../db/connector.js'
import { analyzeProbeLog, type Prober, type ProbeAnalysis, type ProbeLog, type ProbeRecord, startProber } from '../../probe/index.js'
import type { ModeContext } from '../context.js'
import { errorLine } from '../../error-line.js'
import { probeStateLogger } from './probe-live.js'

type Ctx = ModeContext<'switchover'>

/** `<deployment id>-<time>-<random>`: unique per run, at most 48 characters (a `-after` marker row fits in 64). */
export function runToken(deploymentId: string, now: number): string {
  return `${deploymentId.slice(0, 28)}-${now.toString(36)}-${randomBytes(3).toString('hex')}`
}

export function startSwitchoverProber(ctx: Ctx, endpoint: Endpoint, token: string): Prober {
  const intervalMs = ctx.inputs.probeIntervalMs
  return startProber({
    endpoint,
    connection: () => ctx.db.credentialedOptions(endpoint),
    heartbeatTable: ctx.inputs.db.heartbeatTable,
    token,
    intervalMs,
    logPath: ctx.inputs.probeLogPath,
    onProbe: probeStateLogger(ctx.log.info),
  })
}

/**
 * Waits until a probe has connected, read and written (`ok`), or three probes have ended
 * without one, or three intervals plus a second have passed. Returns the first ok probe, or
 * the first failed one (undefined when none ended at all).
 */
export async function waitForBaseline(ctx: Ctx, prober: Prober): Promise<{ ok: boolean; record: ProbeRecord | undefined }> {
  const limit = 3 * ctx.inputs.probeIntervalMs + 1000
  const deadline = ctx.now() + limit
  const progress = ctx.progress('a first probe to connect, read and write', limit)
  progress.note(`probing every ${ctx.inputs.probeIntervalMs} ms`)
  for (;;) {
    const ok = prober.records.find((r) => r.outcome === 'ok')
    if (ok) return { ok: true, record: ok }
    if (prober.records.length >= 3 || ctx.now() >= deadline) return { ok: false, record: prober.records[0] }
    progress.tick()
    await ctx.sleep(20)
  }
}

/** Stops the prober; if the log file could not be written the records are still returned (and the failure reported). */
export async function stopProber(ctx: Ctx, prober: Prober): Promise<ProbeLog> {
  try {
    return await prober.stop()
  } catch (error) {
    ctx.log.warning(`The probe log could not be written: ${errorLine(error)}`)
    return { header: prober.header, records: [...prober.records].sort((a, b) => a.seq - b.seq), stoppedAt: ctx.now() }
  }
}

/** Puts the analysis into the report: findings, metrics, timeline, the probe chart, outputs. */
export function reportProbes(ctx: Ctx, log: ProbeLog): ProbeAnalysis {
  const analysis = analyzeProbeLog(log)
  for (const f of analysis.findings) ctx.report.finding(f)
  for (const m of analysis.metrics) ctx.report.metric(m.name, m.value, m.unit, m.label)
  for (const e of analysis.timeline) ctx.report.event(e.label, { at: e.at, ...(e.end !== undefined ? { end: e.end } : {}), source: 'probe' })
  ctx.report.output('write-downtime-ms', analysis.outputs['write-downtime-ms'] ?? '0')
  ctx.report.output('read-downtime-ms', analysis.outputs['read-downtime-ms'] ?? '0')
  ctx.report.output('probe-log-path', ctx.inputs.probeLogPath)
  return analysis
}
