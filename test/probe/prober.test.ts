// The prober against a real MariaDB server behind a TCP forwarder playing the endpoint:
// refused connections, a hung endpoint, a read-only window, a hung write, DNS, TLS options.
import { readFileSync } from 'node:fs'
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { Workspace } from '../../sandbox/servers/workspace.js'
import { analyzeProbeLog } from '../../src/probe/analyze.js'
import { findLostWrites } from '../../src/probe/lost-writes.js'
import { readProbeLog } from '../../src/probe/ndjson.js'
import { startProber, type Prober } from '../../src/probe/prober.js'
import type { ProberOptions } from '../../src/probe/options.js'
import type { ProbeLog, ProbeRecord } from '../../src/probe/types.js'
import { TcpForwarder } from '../support/tcp-forwarder.js'
import { APP_PASSWORD, APP_USER, deviation, HEARTBEAT, now, prepareProbeTarget, runToken, sleep, until } from './support.js'

const INTERVAL = 100

describe('prober against a real server', () => {
  let workspace: Workspace
  let server: DatabaseServer
  let endpoint: TcpForwarder

  beforeAll(async () => {
    workspace = Workspace.create()
    server = await DatabaseServer.create(workspace, 'probed', { serverId: 101, binlog: false })
    await prepareProbeTarget(server)
    endpoint = await TcpForwarder.start({ host: '127.0.0.1', port: server.port })
  })

  afterAll(async () => {
    await endpoint?.close()
    workspace?.dispose()
  })

  function start(overrides: Partial<ProberOptions> = {}): Prober {
    return startProber({
      endpoint: { host: '127.0.0.1', port: endpoint.port },
      connection: { user: APP_USER, password: APP_PASSWORD },
      heartbeatTable: HEARTBEAT,
      token: runToken('prober'),
      intervalMs: INTERVAL,
      ...overrides,
    })
  }

  const seqs = (records: readonly ProbeRecord[]) => records.map((r) => r.seq)

  it('probes every interval with a new connection, reads the server identity and writes one row per probe', async () => {
    const logPath = workspace.path('logs', 'plain.ndjson')
    const prober = start({ logPath })
    await sleep(1000)
    const log = await prober.stop()
    expect(log.records.length).toBeGreaterThanOrEqual(9)
    expect(seqs(log.records)).toEqual(log.records.map((_, i) => i + 1))
    for (const r of log.records) {
      expect(r).toMatchObject({ outcome: 'ok', phase: 'write', acknowledged: true, remoteAddress: '127.0.0.1' })
      expect(r.server).toEqual({ serverId: 101, hostname: expect.any(String), readOnly: false, version: expect.stringMatching(/MariaDB|^\d/) })
      expect(r.dns).toBeUndefined() // the host is an address: nothing to resolve
    }
    // one new connection per probe, each closed again
    expect(endpoint.accepted).toBeGreaterThanOrEqual(log.records.length)
    expect(endpoint.open).toBe(0)
    const rows = await server.query<{ seq: number }>(
      'SELECT seq FROM rds_blue_green.heartbeat WHERE kind = ? AND token = ? ORDER BY seq',
      ['probe', log.header.token],
    )
    expect(rows.map((r) => Number(r.seq))).toEqual(seqs(log.records))
    // the NDJSON log reads back to the same run
    const read = readProbeLog(logPath)
    expect(read).toEqual(log)
    const lines = readFileSync(logPath, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(log.records.length + 2)
    expect(JSON.parse(lines[0] as string)).toMatchObject({ type: 'header', user: APP_USER, tls: false, intervalMs: INTERVAL, connectTimeoutMs: 90 })
  })

  it('classifies refused connections and measures the outage within one interval of its true length', async () => {
    const prober = start()
    await sleep(500)
    const down = now()
    await endpoint.refuse()
    await sleep(1000)
    await endpoint.forward()
    const up = now()
    await sleep(500)
    const log = await prober.stop()
    const refused = log.records.filter((r) => r.outcome === 'refused')
    expect(refused.length).toBeGreaterThanOrEqual(8)
    expect(refused.every((r) => r.phase === 'connect' && !r.acknowledged && r.server === undefined)).toBe(true)
    expect(refused.filter((r) => r.startedAt > down + 20).every((r) => r.error?.code === 'ECONNREFUSED')).toBe(true)
    const a = analyzeProbeLog(log)
    expect(a.write.windows).toHaveLength(1)
    expect(deviation(a.write.downtimeMs, up - down, log.records)).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
    expect(deviation(a.read.downtimeMs, up - down, log.records)).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
    expect(a.write.recovered).toBe(true)
  })

  it('a hung endpoint does not delay the schedule: hung probes time out on their own and their sockets are destroyed', async () => {
    const prober = start()
    await sleep(500)
    const hangFrom = now()
    endpoint.hang()
    await sleep(1000)
    await endpoint.forward()
    const hangTo = now()
    await sleep(500)
    const log = await prober.stop()
    const hung = log.records.filter((r) => r.startedAt >= hangFrom && r.startedAt < hangTo)
    expect(hung.length).toBeGreaterThanOrEqual(9)
    const timedOut = log.records.filter((r) => r.outcome === 'timeout')
    expect(timedOut.length).toBeGreaterThanOrEqual(9)
    for (const r of timedOut) {
      expect(r.phase).toBe('connect')
      expect(['PROBE_TIMEOUT', 'ETIMEDOUT']).toContain(r.error?.code)
      // abandoned at the connect timeout (90 ms), not held for the 1 s the endpoint hangs
      expect(r.latencyMs).toBeGreaterThanOrEqual(85)
      expect(r.latencyMs).toBeLessThan(500)
    }
    // Every slot got its probe, and each started near its own scheduled time: nothing
    // queued behind a hung probe (which would delay starts by the timeout, 90 ms).
    expect(seqs(log.records)).toEqual(log.records.map((_, i) => i + 1))
    const lastSeq = log.records[log.records.length - 1]?.seq ?? 0
    expect(lastSeq).toBeGreaterThanOrEqual(Math.floor((log.stoppedAt - log.header.firstScheduledAt) / INTERVAL))
    for (const r of log.records) expect(r.startedAt - r.scheduledAt).toBeLessThan(INTERVAL / 2)
    // the forwarder holds no socket any more: the prober destroyed every hung connection
    // (the forwarder's side sees the close a moment after the client destroys its socket)
    expect(await until(() => endpoint.open === 0)).toBe(true)
    const a = analyzeProbeLog(log)
    expect(deviation(a.write.downtimeMs, hangTo - hangFrom, log.records)).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
  })

  it('probes run side by side: one slower than the interval does not hold back the next', async () => {
    // Each probe now takes longer than the interval: 30 ms more per server reply, and a
    // heartbeat INSERT held by a table lock until its 90 ms query timeout.
    const root = await mysql.createConnection({ socketPath: server.socket, user: 'root' })
    let log: ProbeLog
    try {
      endpoint.delayMs = 30
      await root.query('LOCK TABLES rds_blue_green.heartbeat WRITE')
      const prober = start()
      await sleep(1000)
      log = await prober.stop()
    } finally {
      endpoint.delayMs = 0
      await root.query('UNLOCK TABLES')
      await root.end()
    }
    const held = log.records.filter((r) => r.outcome === 'timeout' && r.phase === 'write')
    expect(held.length).toBeGreaterThanOrEqual(5)
    expect(held.every((r) => r.latencyMs > INTERVAL)).toBe(true)
    // the next probe started while the previous one was still running...
    const overlapping = log.records.filter((r, i) => i > 0 && r.startedAt < (log.records[i - 1] as ProbeRecord).endedAt)
    expect(overlapping.length).toBeGreaterThanOrEqual(5)
    // ...and on time: a prober that queued would start each probe ~80 ms later than the last,
    // so its lateness would pass half an interval by the second probe and keep growing
    for (const r of log.records) expect(r.startedAt - r.scheduledAt).toBeLessThan(INTERVAL / 2)
    expect(seqs(log.records)).toEqual(log.records.map((_, i) => i + 1))
  })

  it('classifies a read-only window by error 1290: writes fail, reads are served', async () => {
    const prober = start()
    await sleep(400)
    const from = now()
    await server.query('SET GLOBAL read_only = 1')
    await sleep(800)
    await server.query('SET GLOBAL read_only = 0')
    const to = now()
    await sleep(400)
    const log = await prober.stop()
    const readOnly = log.records.filter((r) => r.outcome === 'read-only')
    expect(readOnly.length).toBeGreaterThanOrEqual(6)
    for (const r of readOnly) {
      expect(r).toMatchObject({ phase: 'write', acknowledged: false, error: { errno: 1290 }, server: { serverId: 101, readOnly: true } })
    }
    const a = analyzeProbeLog(log)
    // Reads go on; at most one probe may miss its 90 ms connect budget while SET GLOBAL
    // read_only takes its global read lock on a busy machine.
    expect(a.read.downtimeMs).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
    expect(a.write.downtimeMs).toBeGreaterThan(a.read.downtimeMs + 4 * INTERVAL)
    expect(deviation(a.write.downtimeMs, to - from, log.records)).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
    expect(a.readOnly?.probes).toBe(readOnly.length)
    expect(a.findings.map((f) => f.code)).toContain('PROBE_READ_ONLY_WINDOW')
  })

  it('a write that hangs is abandoned at the query timeout; it is not acknowledged, yet the server may still commit it', async () => {
    const root = await mysql.createConnection({ socketPath: server.socket, user: 'root' })
    let log: ProbeLog
    try {
      const prober = start()
      await sleep(300)
      await root.query(`LOCK TABLES rds_blue_green.heartbeat WRITE`)
      await sleep(500)
      await root.query('UNLOCK TABLES')
      await sleep(300)
      log = await prober.stop()
    } finally {
      await root.end()
    }
    const hung = log.records.filter((r) => r.outcome === 'timeout')
    expect(hung.length).toBeGreaterThanOrEqual(4)
    for (const r of hung) {
      expect(r).toMatchObject({ phase: 'write', acknowledged: false, error: { code: 'PROBE_TIMEOUT' }, server: { serverId: 101 } })
    }
    const a = analyzeProbeLog(log)
    expect(a.read.downtimeMs).toBe(0)
    expect(a.write.downtimeMs).toBeGreaterThan(0)
    // The abandoned INSERTs were queued on the table lock and ran after UNLOCK: on the
    // server, yet never acknowledged. None of the acknowledged ones is missing.
    const acked = log.records.filter((r) => r.acknowledged).map((r) => r.seq)
    const check = await findLostWrites(server.admin(), HEARTBEAT, log.header.token, acked)
    expect(check.missing).toEqual([])
    expect(check.acknowledged).toBe(acked.length)
    expect(check.presentUnacknowledged).toEqual(seqs(hung))
  })

  it('records the DNS answer and the address reached when the endpoint is a name', async () => {
    const prober = start({ endpoint: { host: 'localhost', port: endpoint.port } })
    await sleep(350)
    const log = await prober.stop()
    expect(log.records.length).toBeGreaterThanOrEqual(3)
    for (const r of log.records) {
      expect(r.outcome).toBe('ok')
      expect(r.dns?.error).toBeUndefined()
      expect(r.dns?.addresses).toContain('127.0.0.1')
      expect(r.dns?.addresses).toEqual([...(r.dns?.addresses ?? [])].sort())
      expect(r.remoteAddress).toBe('127.0.0.1')
    }
    expect(analyzeProbeLog(log).dns).toEqual([])
  })

  it("passes the caller's TLS options through, and never writes the password to the log", async () => {
    const logPath = workspace.path('logs', 'tls.ndjson')
    // This server has no certificate: a client that insists on TLS must fail in the handshake.
    const prober = start({ connection: { user: APP_USER, password: APP_PASSWORD, ssl: { rejectUnauthorized: true } }, logPath })
    await sleep(250)
    const log = await prober.stop()
    expect(log.header.tls).toBe(true)
    expect(log.records.length).toBeGreaterThanOrEqual(2)
    for (const r of log.records) {
      expect(r).toMatchObject({ outcome: 'error', phase: 'connect', error: { code: 'HANDSHAKE_NO_SSL_SUPPORT' } })
    }
    expect(analyzeProbeLog(log).errorCodes).toEqual({ HANDSHAKE_NO_SSL_SUPPORT: log.records.length })
    const text = readFileSync(logPath, 'utf8') + readFileSync(workspace.path('logs', 'plain.ndjson'), 'utf8')
    expect(text).toContain(APP_USER)
    expect(text).not.toContain(APP_PASSWORD)
  })

  it('takes connection options from a function per probe (credentials that expire), bounded by the connect timeout', async () => {
    let calls = 0
    const prober = start({
      connection: () => {
        calls++
        if (calls === 2) return Promise.reject(new Error('secret unavailable'))
        if (calls === 3) return new Promise(() => undefined) // a credentials call that never answers
        return Promise.resolve({ user: APP_USER, password: APP_PASSWORD })
      },
    })
    await sleep(450)
    const log = await prober.stop()
    expect(calls).toBe(log.records.length)
    expect(log.header.user).toBeUndefined()
    expect(log.header.tls).toBeUndefined()
    expect(log.records.map((r) => r.outcome)).toEqual(['ok', 'error', 'timeout', ...log.records.slice(3).map(() => 'ok')])
    expect(log.records[1]?.error?.message).toBe('secret unavailable')
    expect(log.records[2]).toMatchObject({ phase: 'connect', error: { code: 'PROBE_TIMEOUT' } })
    expect(log.records[2]?.latencyMs).toBeLessThan(INTERVAL)
  })

  it('stop() waits for probes in flight and is safe to call twice', async () => {
    endpoint.hang()
    try {
      const prober = start()
      await sleep(30) // the first probe is hung in its connect
      expect(prober.inFlight).toBe(1)
      const [a, b] = await Promise.all([prober.stop(), prober.stop()])
      expect(a).toBe(b)
      expect(prober.inFlight).toBe(0)
      expect(a.records).toEqual([expect.objectContaining({ seq: 1, outcome: 'timeout' })])
    } finally {
      await endpoint.forward()
    }
    expect(await until(() => endpoint.open === 0)).toBe(true)
  })
})
