// The prober's options, their defaults and their validation. Errors name the option, the
// bad value and the fix, because these values come from the action's inputs.
import type { ConnectionOptions } from 'mysql2'
import type { HeartbeatTable } from '../db/heartbeat.js'
import type { Clock, Timers } from './clock.js'
import { monotonicClock, realTimers } from './clock.js'
import type { ProbeRecord } from './types.js'

/** How often a prober may probe: more often would load the endpoint; less often is too coarse to measure a switchover. */
export const PROBE_INTERVAL = { minMs: 100, maxMs: 60_000 } as const
/** Default connect and query timeouts, as a share of the interval (they must be shorter than it). */
export const DEFAULT_TIMEOUT_SHARE = 0.9

/**
 * Connection settings looked up again for each probe, for credentials that expire during a
 * long switchover (an RDS IAM token lives 15 minutes). Its time counts against the probe's
 * connect timeout.
 */
export type ConnectionOptionsProvider = () => ConnectionOptions | Promise<ConnectionOptions>

export interface ProberOptions {
  /** The endpoint applications use: the instance endpoint, or the Aurora cluster (writer) endpoint. */
  endpoint: { host: string; port: number }
  /**
   * The caller's mysql2 connection settings (user, password, ssl, authPlugins, charset, ...),
   * passed through to every probe connection, or a function returning them per probe. The
   * prober sets host, port, connectTimeout and multipleStatements itself; socketPath and
   * stream are refused because a probe must travel the network path an application's
   * connection takes. With a function, the log header cannot name the user or say whether
   * TLS is on (they are known only per probe), so it leaves both out.
   */
  connection: ConnectionOptions | ConnectionOptionsProvider
  heartbeatTable: HeartbeatTable
  /** Identifies this run's rows in the heartbeat table (1-64 characters, unique per run). */
  token: string
  /** 100 ms to 60 s (PROBE_INTERVAL). */
  intervalMs: number
  /** TCP + TLS + handshake budget; default 90% of the interval; must be shorter than the interval. */
  connectTimeoutMs?: number
  /** Budget of each query (identity read, heartbeat write); default 90% of the interval; shorter than the interval. */
  queryTimeoutMs?: number
  /** Where to stream the NDJSON probe log (header line, one line per probe, end line). */
  logPath?: string
  /** Called with each record as its probe ends (probes end out of order). */
  onProbe?: (record: ProbeRecord) => void
  clock?: Clock
  timers?: Timers
}

export interface ResolvedProberOptions {
  endpoint: { host: string; port: number }
  connection: ConnectionOptions | ConnectionOptionsProvider
  heartbeatTable: HeartbeatTable
  token: string
  intervalMs: number
  connectTimeoutMs: number
  queryTimeoutMs: number
  logPath: string | undefined
  onProbe: ((record: ProbeRecord) => void) | undefined
  clock: Clock
  timers: Timers
}

function wholeMs(name: string, value: number, min: number, max: number, fix: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`Prober option ${name} is ${String(value)}: ${fix}`)
  }
  return value
}

/** Throws when the options would bypass the endpoint's TCP path. */
export function checkConnectionOptions(connection: ConnectionOptions): void {
  if (connection.socketPath !== undefined || connection.stream !== undefined) {
    throw new Error(
      'Prober option connection sets socketPath or stream: remove them; probes connect to endpoint.host:endpoint.port over TCP, as applications do.',
    )
  }
}

export function resolveProberOptions(options: ProberOptions): ResolvedProberOptions {
  const { endpoint, connection, token } = options
  if (!endpoint || typeof endpoint.host !== 'string' || endpoint.host.trim() === '') {
    throw new Error(`Prober option endpoint.host is ${JSON.stringify(endpoint?.host)}: give the endpoint's DNS name or address.`)
  }
  wholeMs('endpoint.port', endpoint.port, 1, 65_535, 'give the TCP port clients connect to (1-65535).')
  if (typeof connection !== 'function') checkConnectionOptions(connection)
  if (typeof token !== 'string' || token.length < 1 || token.length > 64 || !/^[\x21-\x7e]+$/.test(token)) {
    throw new Error(
      `Prober option token is ${JSON.stringify(token)}: give 1-64 printable characters without spaces, unique to this run.`,
    )
  }
  const { minMs, maxMs } = PROBE_INTERVAL
  const intervalMs = wholeMs('intervalMs', options.intervalMs, minMs, maxMs, `give whole milliseconds from ${minMs} to ${maxMs}.`)
  const derived = Math.floor(intervalMs * DEFAULT_TIMEOUT_SHARE)
  const timeoutFix = `give whole milliseconds from 1 to ${intervalMs - 1} (shorter than the ${intervalMs} ms interval), or leave it unset for ${derived} ms.`
  const connectTimeoutMs = wholeMs('connectTimeoutMs', options.connectTimeoutMs ?? derived, 1, intervalMs - 1, timeoutFix)
  const queryTimeoutMs = wholeMs('queryTimeoutMs', options.queryTimeoutMs ?? derived, 1, intervalMs - 1, timeoutFix)
  return {
    endpoint: { host: endpoint.host.trim(), port: endpoint.port },
    connection,
    heartbeatTable: options.heartbeatTable,
    token,
    intervalMs,
    connectTimeoutMs,
    queryTimeoutMs,
    logPath: options.logPath,
    onProbe: options.onProbe,
    clock: options.clock ?? monotonicClock,
    timers: options.timers ?? realTimers,
  }
}
