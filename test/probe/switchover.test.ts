// A switchover in miniature, done by hand with real replication: blue (A) replicates to
// green (B); the prober runs through the endpoint; blue turns read-only, green catches up,
// the endpoint is re-pointed to green with its connections dropped. The analysis must see
// the read-only window, the move to green, and the lost-write check must find every
// acknowledged row on green, and must report one that is deleted there.
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { Workspace } from '../../sandbox/servers/workspace.js'
import { analyzeProbeLog } from '../../src/probe/analyze.js'
import { findLostWrites, lostWritesFinding } from '../../src/probe/lost-writes.js'
import { readProbeLog } from '../../src/probe/ndjson.js'
import { startProber } from '../../src/probe/prober.js'
import type { ProbeLog } from '../../src/probe/types.js'
import { TcpForwarder } from '../support/tcp-forwarder.js'
import { APP_PASSWORD, APP_USER, deviation, HEARTBEAT, now, prepareProbeTarget, runToken, sleep } from './support.js'

const INTERVAL = 100

async function gtidPosition(server: DatabaseServer): Promise<string> {
  const [row] = await server.query<{ pos: string }>('SELECT @@gtid_binlog_pos AS pos')
  return row?.pos ?? ''
}

async function waitForReplica(replica: DatabaseServer, position: string): Promise<void> {
  const [row] = await replica.query<{ done: number }>('SELECT MASTER_GTID_WAIT(?, 10) AS done', [position])
  if (row?.done !== 0) throw new Error(`replica did not reach ${position}`)
}

describe('prober across a switchover', () => {
  let workspace: Workspace
  let blue: DatabaseServer
  let green: DatabaseServer
  let endpoint: TcpForwarder
  let log: ProbeLog
  let logPath: string
  const marks: Record<'readOnly' | 'switched', number> = { readOnly: 0, switched: 0 }

  beforeAll(async () => {
    workspace = Workspace.create()
    // One after the other: the first create initialises the workspace's template datadir,
    // which two concurrent creates would both try to initialise.
    blue = await DatabaseServer.create(workspace, 'blue', { serverId: 201, binlog: true, binlogFormat: 'ROW' })
    green = await DatabaseServer.create(workspace, 'green', { serverId: 202, binlog: true, binlogFormat: 'ROW' })
    // (sql_log_bin is reset in the same call: the admin pool reuses its connections)
    await blue.query(
      "SET SESSION sql_log_bin = 0; CREATE USER 'repl'@'%' IDENTIFIED BY 'repl-pw'; GRANT REPLICATION SLAVE ON *.* TO 'repl'@'%'; SET SESSION sql_log_bin = 1",
    )
    // Created on blue and replicated, as green inherits blue's users and tables.
    await prepareProbeTarget(blue)
    await green.query(
      `CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = ${blue.port}, MASTER_USER = 'repl', MASTER_PASSWORD = 'repl-pw', MASTER_USE_GTID = slave_pos`,
    )
    await green.query('START SLAVE')
    await waitForReplica(green, await gtidPosition(blue))
    endpoint = await TcpForwarder.start({ host: '127.0.0.1', port: blue.port })

    logPath = workspace.path('artifacts', 'probe-log.ndjson')
    const prober = startProber({
      endpoint: { host: '127.0.0.1', port: endpoint.port },
      connection: { user: APP_USER, password: APP_PASSWORD },
      heartbeatTable: HEARTBEAT,
      token: runToken('switchover'),
      intervalMs: INTERVAL,
      logPath,
    })
    await sleep(600)
    // Switchover: writes stopped on blue, green catches up, green takes over the endpoint.
    marks.readOnly = now()
    await blue.query('SET GLOBAL read_only = 1')
    await waitForReplica(green, await gtidPosition(blue))
    await sleep(400)
    await green.query('STOP SLAVE')
    endpoint.pointTo({ host: '127.0.0.1', port: green.port }, { drop: true })
    marks.switched = now()
    await sleep(800)
    log = await prober.stop()
  })

  afterAll(async () => {
    await endpoint?.close()
    workspace?.dispose()
  })

  it('sees blue read-only, then the endpoint answered by green', () => {
    const a = analyzeProbeLog(log)
    expect(a.moves).toHaveLength(1)
    expect(a.moves[0]).toMatchObject({ from: 'server_id 201 on ' + log.records[0]?.server?.hostname, to: expect.stringMatching(/^server_id 202 /) })
    expect(a.moves[0]?.at).toBeGreaterThanOrEqual(marks.switched - 5)
    expect(a.moves[0]?.at).toBeLessThan(marks.switched + 2 * INTERVAL)
    const readOnly = log.records.filter((r) => r.outcome === 'read-only')
    expect(readOnly.length).toBeGreaterThanOrEqual(3)
    expect(readOnly.every((r) => r.server?.serverId === 201 && r.error?.errno === 1290)).toBe(true)
    expect(log.records.filter((r) => r.startedAt > marks.switched + INTERVAL).every((r) => r.outcome === 'ok' && r.server?.serverId === 202)).toBe(true)
  })

  it('measures write downtime from blue turning read-only to green taking writes, and reads barely interrupted', () => {
    const a = analyzeProbeLog(log)
    expect(deviation(a.write.downtimeMs, marks.switched - marks.readOnly, log.records)).toBeLessThanOrEqual(INTERVAL + a.jitter.max)
    expect(a.read.downtimeMs).toBeLessThanOrEqual(INTERVAL + a.jitter.max) // at most the probe cut by the dropped connections
    expect(a.write.downtimeMs).toBeGreaterThan(a.read.downtimeMs)
    expect(a.outputs['write-downtime-ms']).toBe(String(Math.round(a.write.downtimeMs)))
    expect(a.timeline.some((e) => /answered by server_id 202/.test(e.label))).toBe(true)
    expect(a.section.markdown).toMatch(/section Answered by\n.*server_id 201.*:done,[^\n]*\n.*server_id 202/)
  })

  it('finds every acknowledged write on green (none lost), in one query', async () => {
    const acknowledged = log.records.filter((r) => r.acknowledged).map((r) => r.seq)
    expect(acknowledged.length).toBeGreaterThanOrEqual(10)
    expect(log.records.some((r) => r.acknowledged && r.server?.serverId === 201)).toBe(true) // some went to blue
    const conn = await mysql.createConnection({ host: '127.0.0.1', port: green.port, user: APP_USER, password: APP_PASSWORD })
    try {
      const check = await findLostWrites(conn, HEARTBEAT, log.header.token, acknowledged)
      expect(check).toEqual({ acknowledged: acknowledged.length, missing: [], presentUnacknowledged: [] })
      expect(lostWritesFinding(check, 'green')).toMatchObject({ level: 'info', code: 'PROBE_NO_LOST_WRITES' })
    } finally {
      await conn.end()
    }
  })

  it('reports an acknowledged row that is missing on green', async () => {
    const fromBlue = log.records.filter((r) => r.acknowledged && r.server?.serverId === 201)
    const victim = fromBlue[fromBlue.length - 1]?.seq as number
    await green.query('DELETE FROM rds_blue_green.heartbeat WHERE token = ? AND seq = ?', [log.header.token, victim])
    const acknowledged = log.records.filter((r) => r.acknowledged).map((r) => r.seq)
    const check = await findLostWrites(green.admin(), HEARTBEAT, log.header.token, acknowledged)
    expect(check.missing).toEqual([victim])
    const finding = lostWritesFinding(check, 'green')
    expect(finding).toMatchObject({ level: 'error', code: 'PROBE_LOST_WRITES', subject: 'green' })
    expect(finding.message).toMatch(new RegExp(`missing on the new primary: probes (\\d+, )*${victim}\\b`))
  })

  it('leaves an NDJSON log that analyses to the same figures', () => {
    const fromFile = readProbeLog(logPath)
    expect(fromFile).toEqual(log)
    expect(analyzeProbeLog(fromFile).metrics).toEqual(analyzeProbeLog(log).metrics)
  })
})
