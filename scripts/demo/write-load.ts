// The demo's application: one writer inserting orders through the production endpoint,
// as an application would, while the switchover runs. It keeps one connection and opens a
// new one when it is dropped (as a pool would), records every acknowledged insert id, and
// afterwards looks each one up on whatever now serves the endpoint: an acknowledged order
// that is missing there is a lost write.
import mysql from 'mysql2/promise'

export interface WriteLoadOptions {
  host: string
  port: number
  user: string
  password: string
  /** PEM CA bundle the server certificate is checked against. */
  ca: string
  /** Pause between inserts. */
  intervalMs?: number
}

export interface WriteLoadResult {
  attempted: number
  acknowledged: number
  failed: number
  /** Failures by MySQL errno or Node error code, e.g. { '1290': 4, ECONNREFUSED: 3 }. */
  failures: Record<string, number>
  /** Longest time between two acknowledged writes while the load ran (the application's view of the outage). */
  longestGapMs: number
  /** Acknowledged orders missing from the endpoint afterwards. */
  lost: number
  durationMs: number
}

export interface WriteLoad {
  stop(): Promise<WriteLoadResult>
}

const CONNECT_TIMEOUT_MS = 1000

export function startWriteLoad(options: WriteLoadOptions): WriteLoad {
  const acknowledged: number[] = []
  const failures: Record<string, number> = {}
  let attempted = 0
  let lastOk = Date.now()
  let longestGapMs = 0
  let running = true
  let connection: mysql.Connection | undefined
  const started = Date.now()

  const connect = () =>
    mysql.createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      ssl: { ca: options.ca },
      connectTimeout: CONNECT_TIMEOUT_MS,
    })

  const loop = (async () => {
    while (running) {
      attempted++
      try {
        connection ??= await connect()
        const userId = 1 + (attempted % 5)
        const bookId = 1 + (attempted % 5)
        const [result] = await connection.query<mysql.ResultSetHeader>(
          { sql: 'INSERT INTO app.orders (user_id, book_id, quantity) VALUES (?, ?, 1)', timeout: CONNECT_TIMEOUT_MS },
          [userId, bookId],
        )
        acknowledged.push(result.insertId)
        const now = Date.now()
        longestGapMs = Math.max(longestGapMs, now - lastOk)
        lastOk = now
      } catch (error) {
        // A server error has an SQL state and a MySQL errno (1290); a network one a Node code.
        const e = error as { errno?: number; code?: string; sqlState?: string; message?: string }
        // (mysql2 reports a write on a connection the server already closed without a code.)
        const key = e.sqlState && e.errno !== undefined ? String(e.errno) : e.code ?? 'connection closed'
        failures[key] = (failures[key] ?? 0) + 1
        // A read-only server keeps the connection usable; anything else: reconnect next time.
        if (e.errno !== 1290) {
          connection?.destroy()
          connection = undefined
        }
      }
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 20))
    }
  })()

  return {
    async stop() {
      running = false
      await loop
      connection?.destroy()
      const durationMs = Date.now() - started
      const check = await connect()
      let lost: number
      try {
        const found = new Set<number>()
        for (let i = 0; i < acknowledged.length; i += 1000) {
          const ids = acknowledged.slice(i, i + 1000)
          const [rows] = await check.query<mysql.RowDataPacket[]>('SELECT id FROM app.orders WHERE id IN (?)', [ids])
          for (const row of rows) found.add(Number(row.id))
        }
        lost = acknowledged.filter((id) => !found.has(id)).length
      } finally {
        await check.end()
      }
      const failed = Object.values(failures).reduce((a, b) => a + b, 0)
      return { attempted, acknowledged: acknowledged.length, failed, failures, longestGapMs, lost, durationMs }
    },
  }
}
