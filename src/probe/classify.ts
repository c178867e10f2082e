// Maps an error a probe met to its outcome. Server errors are matched by number and
// network errors by code, never by message text (messages differ between MySQL, MariaDB
// and Aurora, and between versions).
import type { ProbeError, ProbeOutcome } from './types.js'
import { ER } from '../db/errno.js'

/** ER_SERVER_SHUTDOWN and MariaDB's ER_CONNECTION_KILLED: the server is dropping connections. */
const SERVER_DROPPING_CONNECTIONS = new Set([1053, 1927])

/** The endpoint did not serve the connection: nothing listening, or the peer reset or closed it. */
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'PROTOCOL_CONNECTION_LOST'])
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'PROBE_TIMEOUT', 'PROTOCOL_SEQUENCE_TIMEOUT'])

/** The error our own deadline raises when a connect or query runs past its timeout. */
export class ProbeTimeoutError extends Error {
  readonly code = 'PROBE_TIMEOUT'
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms} ms`)
  }
}

export function toProbeError(error: unknown): ProbeError {
  const e = (error ?? {}) as { code?: unknown; errno?: unknown; sqlState?: unknown; message?: unknown }
  const out: ProbeError = {
    message: (typeof e.message === 'string' && e.message !== '' ? e.message : String(error)).slice(0, 300),
  }
  if (typeof e.code === 'string') out.code = e.code
  if (typeof e.errno === 'number') out.errno = e.errno
  if (typeof e.sqlState === 'string') out.sqlState = e.sqlState
  return out
}

export function classifyError(error: ProbeError): Exclude<ProbeOutcome, 'ok'> {
  // read_only / super_read_only refuse the write; or InnoDB is read-only (innodb_read_only, e.g. an Aurora reader).
  if (error.errno === ER.OPTION_PREVENTS_STATEMENT || error.errno === ER.READ_ONLY_MODE) return 'read-only'
  if (error.code !== undefined && TIMEOUT_CODES.has(error.code)) return 'timeout'
  if (error.code !== undefined && REFUSED_CODES.has(error.code)) return 'refused'
  if (error.errno !== undefined && SERVER_DROPPING_CONNECTIONS.has(error.errno)) return 'refused'
  return 'error'
}
