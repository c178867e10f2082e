// What the interruption prober records. One ProbeRecord per scheduled probe; a ProbeLog is
// the whole run (its parameters plus every record). Both are plain JSON so the NDJSON log
// written for upload as an artifact can be read back and analysed again.

/**
 * How one probe ended.
 * - `ok`: connected, read the server identity, and the heartbeat INSERT returned OK.
 * - `read-only`: connected and read, but the INSERT failed with 1290 (read_only) or 1836
 *   (read-only mode); matched by error number.
 * - `refused`: the endpoint would not serve the connection: nothing listening
 *   (ECONNREFUSED), the connection reset or closed by the peer (ECONNRESET, EPIPE,
 *   PROTOCOL_CONNECTION_LOST), or the server turned it away while shutting down or killing
 *   connections (1053, 1927). `phase` says whether this happened before or after the handshake.
 * - `timeout`: the connect or a query did not finish within its timeout; the socket was destroyed.
 * - `error`: anything else (access denied, unknown table, TLS failure, ...), with its code/number.
 */
export type ProbeOutcome = 'ok' | 'read-only' | 'refused' | 'timeout' | 'error'

export const PROBE_OUTCOMES: readonly ProbeOutcome[] = ['ok', 'read-only', 'refused', 'timeout', 'error']

/** The step a probe was in when it ended: `write` with outcome `ok` means all steps completed. */
export type ProbePhase = 'connect' | 'read' | 'write'

/** Which server answered, as read over the probe's own connection. */
export interface ServerIdentity {
  serverId: number
  hostname: string
  readOnly: boolean
  version: string
  /** Aurora MySQL's instance identifier (`@@aurora_server_id`); absent elsewhere. */
  auroraServerId?: string
}

/** What the endpoint name resolved to for this probe (getaddrinfo, as the client library resolves it). */
export interface DnsAnswer {
  /** Addresses, sorted, so two answers compare as strings. Empty when the lookup failed. */
  addresses: string[]
  /** Lookup duration. */
  ms: number
  /** Error code when the lookup failed, `TIMEOUT` when it had not answered within the connect timeout. */
  error?: string
}

export interface ProbeError {
  /** Node or mysql2 code: ECONNREFUSED, ETIMEDOUT, PROTOCOL_CONNECTION_LOST, ER_OPTION_PREVENTS_STATEMENT, ... */
  code?: string
  /** Server error number (1290, 1045, ...), or a negative system errno. */
  errno?: number
  sqlState?: string
  message: string
}

export interface ProbeRecord {
  seq: number
  /** Epoch milliseconds (fractional) on the prober's monotonic clock. */
  scheduledAt: number
  startedAt: number
  endedAt: number
  /** endedAt - startedAt: how long until the outcome was known (closing the connection excluded). */
  latencyMs: number
  phase: ProbePhase
  outcome: ProbeOutcome
  /** True only when the heartbeat INSERT returned OK: the row must exist on whichever server took it. */
  acknowledged: boolean
  /** Present once the identity query answered (the read succeeded). */
  server?: ServerIdentity
  /** The address the connection actually reached (the socket's remote address). */
  remoteAddress?: string
  /** Present when the endpoint host is a name, not an IP address. */
  dns?: DnsAnswer
  error?: ProbeError
}

/** Run parameters: the header line of the NDJSON log. Never holds a password, key or token of the user. */
export interface ProbeLogHeader {
  format: 'rds-blue-green-probe-log'
  version: 1
  endpoint: { host: string; port: number }
  /** The database user, and whether TLS was requested; absent when the options came from a function. */
  user?: string
  tls?: boolean
  intervalMs: number
  connectTimeoutMs: number
  queryTimeoutMs: number
  /** `schema.table` of the heartbeat table the probes write to. */
  heartbeatTable: string
  /** The run token written with every row (identifies this run's rows; not a secret). */
  token: string
  /** When the first probe was scheduled; probe `seq` n is scheduled at firstScheduledAt + (n-1) * intervalMs. */
  firstScheduledAt: number
}

export interface ProbeLog {
  header: ProbeLogHeader
  /** Sorted by seq. */
  records: ProbeRecord[]
  /** When the prober was stopped (no probe was scheduled after this). */
  stoppedAt: number
}
