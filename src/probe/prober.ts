// The interruption prober: from start() until stop(), one probe per interval against the
// endpoint applications use. Each probe runs on its own (probe-once.ts) and is bounded by
// its own timeouts, so a hung connection never holds back the next one; the schedule is
// absolute (schedule.ts), so a late timer never shifts later probes.
import { qualified } from '../db/heartbeat.js'
import { openProbeLogWriter, type ProbeLogWriter } from './ndjson.js'
import { resolveProberOptions, type ProberOptions } from './options.js'
import { runProbe, type ProbeRunState } from './probe-once.js'
import { startSchedule } from './schedule.js'
import type { ProbeLog, ProbeLogHeader, ProbeRecord } from './types.js'

export interface Prober {
  /** The run's parameters (also the NDJSON header line). */
  readonly header: ProbeLogHeader
  /** Records of the probes that have ended so far, in the order they ended. */
  readonly records: readonly ProbeRecord[]
  /** Probes started and not yet ended. */
  readonly inFlight: number
  /**
   * Schedules no further probe, waits for the probes in flight (each bounded by its
   * timeouts) and their sockets, closes the log file, and returns the log sorted by seq.
   */
  stop(): Promise<ProbeLog>
}

export function startProber(options: ProberOptions): Prober {
  const opts = resolveProberOptions(options)
  const state: ProbeRunState = { auroraServerId: undefined, pendingLookups: 0 }
  const records: ProbeRecord[] = []
  const pending = new Set<Promise<void>>()
  let writer: ProbeLogWriter | undefined
  let stopping: Promise<ProbeLog> | undefined

  const deliver = (record: ProbeRecord): void => {
    records.push(record)
    writer?.write(record)
    try {
      opts.onProbe?.(record)
    } catch {
      // A failing observer must not stop the measurement.
    }
  }

  const launch = (seq: number, scheduledAt: number): void => {
    const done: Promise<void> = runProbe(opts, state, seq, scheduledAt)
      .then(async ({ record, closed }) => {
        deliver(record)
        await closed
      })
      .catch(() => {
        // runProbe reports every failure in its record; nothing should land here.
      })
      .finally(() => pending.delete(done))
    pending.add(done)
  }

  // The header needs the first slot's time, and the first slot fires at once: build the
  // schedule first, but let it start probes only after the header exists.
  const deferred: Array<[number, number]> = []
  let ready = false
  const schedule = startSchedule({
    intervalMs: opts.intervalMs,
    clock: opts.clock,
    timers: opts.timers,
    onSlot: (seq, at) => (ready ? launch(seq, at) : deferred.push([seq, at])),
  })
  const header: ProbeLogHeader = {
    format: 'rds-blue-green-probe-log',
    version: 1,
    endpoint: { ...opts.endpoint },
    intervalMs: opts.intervalMs,
    connectTimeoutMs: opts.connectTimeoutMs,
    queryTimeoutMs: opts.queryTimeoutMs,
    heartbeatTable: qualified(opts.heartbeatTable).replace(/`/g, ''),
    token: opts.token,
    firstScheduledAt: schedule.firstAt,
  }
  if (typeof opts.connection !== 'function') {
    header.tls = opts.connection.ssl !== undefined
    if (typeof opts.connection.user === 'string') header.user = opts.connection.user
  }
  if (opts.logPath) writer = openProbeLogWriter(opts.logPath, header)
  ready = true
  for (const [seq, at] of deferred) launch(seq, at)

  return {
    header,
    records,
    get inFlight() {
      return pending.size
    },
    stop() {
      stopping ??= (async () => {
        schedule.stop()
        const stoppedAt = opts.clock.now()
        while (pending.size > 0) await Promise.all([...pending])
        await writer?.end(stoppedAt)
        return { header, records: [...records].sort((a, b) => a.seq - b.seq), stoppedAt }
      })()
      return stopping
    },
  }
}
