// One probe: a NEW connection to the endpoint, as a new application connection would make
// one (mysql2 createConnection with the caller's auth/TLS settings), then "who answered?",
// then one sequenced heartbeat row, then close. Every step has its own deadline; when one
// passes, the socket is destroyed (not politely ended: a hung peer would never acknowledge)
// and the probe is classified `timeout`. The endpoint name is resolved alongside the connect.
import { lookup } from 'node:dns/promises'
import { isIP, type Socket } from 'node:net'
import { createConnection, type Connection, type ConnectionOptions } from 'mysql2'
import { insertHeartbeatSql } from '../db/heartbeat.js'
import { classifyError, ProbeTimeoutError, toProbeError } from './classify.js'
import { checkConnectionOptions, type ResolvedProberOptions } from './options.js'
import type { DnsAnswer, ProbeError, ProbeOutcome, ProbePhase, ProbeRecord, ServerIdentity } from './types.js'
import { ER, errno } from '../db/errno.js'

/** Lookups run on libuv's small thread pool; a resolver that hangs must not take all of it. */
const MAX_PENDING_LOOKUPS = 2

/** Times are kept to the microsecond: finer digits are noise and only lengthen the log. */
const micro = (ms: number): number => Math.round(ms * 1000) / 1000

/** What the probes of one run share. */
export interface ProbeRunState {
  /** Whether @@aurora_server_id exists on this endpoint; learnt from the first probe that reads. */
  auroraServerId: boolean | undefined
  pendingLookups: number
}

export interface ProbeResult {
  record: ProbeRecord
  /** Settles when the probe's socket is gone (closed politely, or destroyed). */
  closed: Promise<void>
}

function socketOf(conn: Connection): Socket | undefined {
  return (conn as unknown as { stream?: Socket }).stream
}

/** Abandons a connection at once: no COM_QUIT, no waiting for the peer. */
function destroy(conn: Connection): void {
  conn.destroy() // marks it closing so mysql2 reports no further "connection lost"
  socketOf(conn)?.destroy()
}

/** Sends COM_QUIT and waits for the socket to close, destroying it if the peer does not close within `ms`. */
function closePolitely(conn: Connection, ms: number, opts: ResolvedProberOptions): Promise<void> {
  const socket = socketOf(conn)
  if (!socket || socket.destroyed) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = opts.timers.setTimeout(() => {
      socket.destroy()
      resolve()
    }, ms)
    socket.once('close', () => {
      opts.timers.clearTimeout(timer)
      resolve()
    })
    conn.end()
  })
}

/** The caller's options for this probe, within the connect budget when they come from a function. */
async function connectionOptions(opts: ResolvedProberOptions, deadline: number): Promise<ConnectionOptions> {
  const source = opts.connection
  if (typeof source !== 'function') return source
  const options = await new Promise<ConnectionOptions>((resolve, reject) => {
    const timer = opts.timers.setTimeout(
      () => reject(new ProbeTimeoutError('connection options', opts.connectTimeoutMs)),
      Math.max(0, deadline - opts.clock.now()),
    )
    Promise.resolve()
      .then(source)
      .then(
        (value) => {
          opts.timers.clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          opts.timers.clearTimeout(timer)
          reject(error instanceof Error ? error : new Error(String(error)))
        },
      )
  })
  checkConnectionOptions(options)
  return options
}

function connect(
  opts: ResolvedProberOptions,
  base: ConnectionOptions,
  deadline: number,
  onCreated: (conn: Connection) => void,
): Promise<Connection> {
  // Whatever the options function used of the budget is gone; at least 1 ms is left to try.
  const budget = Math.max(1, Math.round(deadline - opts.clock.now()))
  return new Promise((resolve, reject) => {
    const conn = createConnection({
      ...base,
      host: opts.endpoint.host,
      port: opts.endpoint.port,
      connectTimeout: budget,
      multipleStatements: false,
    })
    onCreated(conn)
    // Errors after we gave up on this connection (a late reset, ...) have nowhere to go.
    conn.on('error', () => undefined)
    const timer = opts.timers.setTimeout(() => {
      destroy(conn)
      reject(new ProbeTimeoutError('connect', opts.connectTimeoutMs))
    }, budget)
    conn.once('connect', () => {
      opts.timers.clearTimeout(timer)
      resolve(conn)
    })
    conn.once('error', (error) => {
      opts.timers.clearTimeout(timer)
      destroy(conn)
      reject(error)
    })
  })
}

function query<T>(conn: Connection, sql: string, values: unknown[], opts: ResolvedProberOptions, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = opts.timers.setTimeout(() => {
      destroy(conn)
      reject(new ProbeTimeoutError(what, opts.queryTimeoutMs))
    }, opts.queryTimeoutMs)
    conn.query(sql, values, (error, result) => {
      opts.timers.clearTimeout(timer)
      if (error) reject(error)
      else resolve(result as T)
    })
  })
}

const IDENTITY_COLUMNS = '@@server_id AS server_id, @@hostname AS hostname, @@read_only AS read_only, @@version AS version'

interface IdentityRow {
  server_id: number | string
  hostname: string
  read_only: number | string
  version: string
  aurora_server_id?: string
}

async function readIdentity(conn: Connection, opts: ResolvedProberOptions, state: ProbeRunState): Promise<ServerIdentity> {
  let rows: IdentityRow[]
  if (state.auroraServerId === false) {
    rows = await query<IdentityRow[]>(conn, `SELECT ${IDENTITY_COLUMNS}`, [], opts, 'identity query')
  } else {
    try {
      rows = await query<IdentityRow[]>(
        conn,
        `SELECT ${IDENTITY_COLUMNS}, @@aurora_server_id AS aurora_server_id`,
        [],
        opts,
        'identity query',
      )
      state.auroraServerId = true
    } catch (error) {
      if (errno(error) !== ER.UNKNOWN_SYSTEM_VARIABLE) throw error
      // Not Aurora: remember, so later probes ask in one round trip.
      state.auroraServerId = false
      rows = await query<IdentityRow[]>(conn, `SELECT ${IDENTITY_COLUMNS}`, [], opts, 'identity query')
    }
  }
  const row = rows[0]
  if (!row) throw new Error('identity query returned no row')
  const identity: ServerIdentity = {
    serverId: Number(row.server_id),
    hostname: String(row.hostname),
    readOnly: Number(row.read_only) === 1 || String(row.read_only).toUpperCase() === 'ON',
    version: String(row.version),
  }
  if (row.aurora_server_id !== undefined && row.aurora_server_id !== null) identity.auroraServerId = String(row.aurora_server_id)
  return identity
}

async function lookupEndpoint(host: string, opts: ResolvedProberOptions, state: ProbeRunState): Promise<DnsAnswer> {
  if (state.pendingLookups >= MAX_PENDING_LOOKUPS) return { addresses: [], ms: 0, error: 'SKIPPED_LOOKUPS_PENDING' }
  state.pendingLookups++
  const started = opts.clock.now()
  try {
    const answers = await lookup(host, { all: true })
    const addresses = [...new Set(answers.map((a) => a.address))].sort()
    return { addresses, ms: micro(opts.clock.now() - started) }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return { addresses: [], ms: micro(opts.clock.now() - started), error: typeof code === 'string' ? code : 'LOOKUP_FAILED' }
  } finally {
    state.pendingLookups--
  }
}

/** Waits for the lookup until `deadline` (clock time) at the latest. */
function settle(answer: Promise<DnsAnswer>, deadline: number, opts: ResolvedProberOptions): Promise<DnsAnswer> {
  const waitMs = Math.max(0, deadline - opts.clock.now())
  return new Promise((resolve) => {
    const timer = opts.timers.setTimeout(() => resolve({ addresses: [], ms: waitMs, error: 'TIMEOUT' }), waitMs)
    void answer.then((value) => {
      opts.timers.clearTimeout(timer)
      resolve(value)
    })
  })
}

export async function runProbe(
  opts: ResolvedProberOptions,
  state: ProbeRunState,
  seq: number,
  scheduledAt: number,
): Promise<ProbeResult> {
  const startedAt = opts.clock.now()
  const dns = isIP(opts.endpoint.host) === 0 ? lookupEndpoint(opts.endpoint.host, opts, state) : undefined
  let phase: ProbePhase = 'connect'
  let conn: Connection | undefined
  let server: ServerIdentity | undefined
  let remoteAddress: string | undefined
  let error: ProbeError | undefined
  let outcome: ProbeOutcome = 'ok'
  try {
    const connectDeadline = startedAt + opts.connectTimeoutMs
    const base = await connectionOptions(opts, connectDeadline)
    const connected = await connect(opts, base, connectDeadline, (created) => {
      conn = created
    })
    remoteAddress = socketOf(connected)?.remoteAddress
    phase = 'read'
    server = await readIdentity(connected, opts, state)
    phase = 'write'
    await query(connected, insertHeartbeatSql(opts.heartbeatTable), ['probe', opts.token, seq], opts, 'heartbeat insert')
  } catch (caught) {
    error = toProbeError(caught)
    outcome = classifyError(error)
  }
  const endedAt = opts.clock.now()

  // A connection that still works (ok, read-only, a server error) is closed as an
  // application would close it; one that failed at the network level is already destroyed.
  let closed: Promise<void> = Promise.resolve()
  if (conn) {
    const c = conn
    const socket = socketOf(c)
    closed =
      outcome === 'refused' || outcome === 'timeout' || !socket || socket.destroyed
        ? Promise.resolve(destroy(c))
        : closePolitely(c, opts.queryTimeoutMs, opts)
  }

  const record: ProbeRecord = {
    seq,
    scheduledAt: micro(scheduledAt),
    startedAt: micro(startedAt),
    endedAt: micro(endedAt),
    latencyMs: micro(endedAt - startedAt),
    phase,
    outcome,
    acknowledged: outcome === 'ok',
  }
  if (server) record.server = server
  if (remoteAddress) record.remoteAddress = remoteAddress
  if (dns) record.dns = await settle(dns, Math.max(endedAt, startedAt + opts.connectTimeoutMs), opts)
  if (error) record.error = error
  return { record, closed }
}
