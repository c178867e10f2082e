// Real binlog replication between the sandbox's servers, set up as RDS sets up a green
// member (or a reader): a consistent copy of the source (mariadb-dump --single-transaction
// --master-data, which takes the binlog coordinates under the same snapshot), then the
// replica started from the coordinates RDS would use, then watched so that errors of the
// real IO and SQL threads become RDS events.
//
// Seed 000's 1236: RDS starts green from the binlog coordinates of the last transaction
// recovered from blue's snapshot. When blue's binlog holds no transaction at all (binlog
// just enabled by a reboot, no write since), those coordinates predate the binlog: they name
// the file before the first one in blue's index. The real IO thread then fails with 1236
// "Could not find first log file name in binary log index file". One write on blue after the
// reboot puts a transaction in the binlog and the coordinates are real.
import { spawn } from 'node:child_process'
import type { DatabaseServer } from '../servers/database-server.js'
import type { Context } from './context.js'
import type { Instance } from './model.js'
import { REPLICATION_USER } from './provision.js'

const SYSTEM_SCHEMAS = new Set(['mysql', 'information_schema', 'performance_schema', 'sys'])
const SYSTEM_USERS = new Set(['root', 'mariadb.sys', 'mysql', 'PUBLIC', REPLICATION_USER])

export interface Coordinates {
  file: string
  position: number
}

/** User databases on a server. */
async function userSchemas(server: DatabaseServer): Promise<string[]> {
  const rows = await server.query<{ Database: string }>('SHOW DATABASES')
  return rows.map((r) => r.Database).filter((d) => !SYSTEM_SCHEMAS.has(d))
}

function runDump(source: DatabaseServer, schemas: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ['--no-defaults', `--socket=${source.socket}`, '-uroot', '--single-transaction', '--master-data=2',
      '--routines', '--events', '--triggers', '--hex-blob', '--databases', ...schemas]
    const child = spawn('mariadb-dump', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => out.push(c))
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`mariadb-dump failed: ${Buffer.concat(err).toString()}`)),
    )
  })
}

/** Loads SQL into a server as root without writing it to the target's own binlog. */
export function loadSql(target: DatabaseServer, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('mariadb', ['--no-defaults', `--socket=${target.socket}`, '-uroot', '--init-command=SET SESSION sql_log_bin=0'],
      { stdio: ['pipe', 'ignore', 'pipe'] })
    const err: Buffer[] = []
    child.stderr.on('data', (c: Buffer) => err.push(c))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`loading into ${target.name} failed: ${Buffer.concat(err).toString()}`))))
    child.stdin.end(sql)
  })
}

/** A consistent dump of the source's user data with its binlog coordinates. */
export async function dumpWithCoordinates(source: DatabaseServer): Promise<{ sql: string; coordinates?: Coordinates }> {
  const schemas = await userSchemas(source)
  if (schemas.length === 0) {
    const [status] = await source.query<{ File: string; Position: number }>('SHOW MASTER STATUS')
    return { sql: '', ...(status ? { coordinates: { file: status.File, position: Number(status.Position) } } : {}) }
  }
  const sql = await runDump(source, schemas)
  const match = /CHANGE MASTER TO MASTER_LOG_FILE='([^']+)', MASTER_LOG_POS=(\d+)/.exec(sql.slice(0, 20_000))
  return { sql, ...(match ? { coordinates: { file: match[1]!, position: Number(match[2]) } } : {}) }
}

/** Accounts created by the customer (not root, not RDS's own), as CREATE USER + GRANT statements. */
async function userAccounts(source: DatabaseServer, masterUser: string): Promise<string> {
  const users = await source.query<{ User: string; Host: string }>('SELECT User, Host FROM mysql.user')
  const statements: string[] = []
  for (const { User, Host } of users) {
    if (SYSTEM_USERS.has(User) || User === masterUser || User === '') continue
    const account = `'${User.replace(/'/g, "''")}'@'${Host.replace(/'/g, "''")}'`
    const [create] = await source.query<Record<string, string>>(`SHOW CREATE USER ${account}`)
    statements.push(`DROP USER IF EXISTS ${account};`, `${Object.values(create ?? {})[0]};`)
    for (const grant of await source.query<Record<string, string>>(`SHOW GRANTS FOR ${account}`)) {
      statements.push(`${Object.values(grant)[0]};`)
    }
  }
  return statements.join('\n')
}

/** True when the server's binlog index holds at least one transaction. */
export async function binlogHasTransactions(server: DatabaseServer): Promise<boolean> {
  const logs = await server.query<{ Log_name: string }>('SHOW BINARY LOGS')
  for (const { Log_name } of logs) {
    const events = await server.query<{ Event_type: string }>(`SHOW BINLOG EVENTS IN '${Log_name}' LIMIT 50`)
    if (events.some((e) => ['Gtid', 'Anonymous_Gtid', 'Xid'].includes(e.Event_type))) return true
  }
  return false
}

/** The coordinates RDS would start green from (see the file comment for seed 000's case). */
export async function recoveredCoordinates(source: DatabaseServer, dumped: Coordinates | undefined): Promise<Coordinates> {
  const logs = await source.query<{ Log_name: string }>('SHOW BINARY LOGS')
  const first = logs[0]?.Log_name
  if (!first || !dumped) throw new Error(`${source.name}: binary logging is off`)
  if (await binlogHasTransactions(source)) return dumped
  const match = /^(.*\.)(\d+)$/.exec(first)
  const before = match ? `${match[1]}${String(Number(match[2]) - 1).padStart(match[2]!.length, '0')}` : `${first}.0`
  return { file: before, position: 4 }
}

/** Points `replica` at `source` from `coordinates` and starts it. */
export async function startReplication(ctx: Context, replica: Instance, source: Instance, at: Coordinates): Promise<void> {
  const pw = ctx.replicationPassword.replace(/'/g, "''")
  await replica.server.query(
    `STOP SLAVE; RESET SLAVE ALL; CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${source.server.port}, ` +
      `MASTER_USER='${REPLICATION_USER}', MASTER_PASSWORD='${pw}', MASTER_LOG_FILE='${at.file}', ` +
      `MASTER_LOG_POS=${at.position}, MASTER_USE_GTID=no, MASTER_CONNECT_RETRY=1; START SLAVE`,
  )
  replica.replicaOf = source.id
  replica.replicationErrors = { io: 0, sql: 0 }
}

/** Copies the source into each target consistently and starts them replicating from the source. */
export async function cloneAndReplicate(ctx: Context, source: Instance, targets: Instance[]): Promise<Coordinates> {
  const { sql, coordinates } = await dumpWithCoordinates(source.server)
  const at = await recoveredCoordinates(source.server, coordinates)
  const accounts = await userAccounts(source.server, ctx.masterUser)
  for (const target of targets) {
    if (sql) await loadSql(target.server, sql)
    if (accounts) await loadSql(target.server, accounts)
    await startReplication(ctx, target, source, at)
  }
  return at
}

export interface ReplicaStatus {
  ioRunning: string
  sqlRunning: string
  ioErrno: number
  ioError: string
  sqlErrno: number
  sqlError: string
  execFile: string
  execPos: number
  secondsBehind: number | null
}

/** SHOW SLAVE STATUS (MariaDB names) reduced to what the model needs; undefined when not a replica. */
export async function replicaStatus(server: DatabaseServer): Promise<ReplicaStatus | undefined> {
  const [row] = await server.query<Record<string, string | number | null>>('SHOW SLAVE STATUS')
  if (!row) return undefined
  return {
    ioRunning: String(row.Slave_IO_Running),
    sqlRunning: String(row.Slave_SQL_Running),
    ioErrno: Number(row.Last_IO_Errno ?? 0),
    ioError: String(row.Last_IO_Error ?? ''),
    sqlErrno: Number(row.Last_SQL_Errno ?? 0),
    sqlError: String(row.Last_SQL_Error ?? ''),
    execFile: String(row.Relay_Master_Log_File ?? ''),
    execPos: Number(row.Exec_Master_Log_Pos ?? 0),
    secondsBehind: row.Seconds_Behind_Master === null ? null : Number(row.Seconds_Behind_Master),
  }
}

/** Turns new replication errors on replicas into RDS events and StatusInfos, as RDS does. */
export async function checkReplicas(ctx: Context): Promise<void> {
  for (const instance of [...ctx.state.instances.values()]) {
    if (!instance.replicaOf || !instance.server.running || instance.status === 'rebooting') continue
    let status: ReplicaStatus | undefined
    try {
      status = await replicaStatus(instance.server)
    } catch {
      continue
    }
    if (!status) continue
    const { io, sql } = instance.replicationErrors
    if (status.ioErrno && status.ioErrno !== io) {
      ctx.state.event('db-instance', instance.id,
        `Read Replica Replication Error - IOError: ${status.ioErrno}, reason: ${status.ioError}`, ['read replica', 'failure'])
    }
    if (status.sqlErrno && status.sqlErrno !== sql) {
      ctx.state.event('db-instance', instance.id,
        `Read Replica Replication Error - SQLError: ${status.sqlErrno}, reason: ${status.sqlError}`, ['read replica', 'failure'])
    }
    instance.replicationErrors = { io: status.ioErrno, sql: status.sqlErrno }
    if (status.ioErrno || status.sqlErrno) {
      instance.statusInfo = { Status: 'error', Message: status.sqlErrno ? status.sqlError : status.ioError }
    } else if (status.ioRunning !== 'Yes' || status.sqlRunning !== 'Yes') {
      instance.statusInfo = { Status: 'stopped', Message: 'Replication stopped' }
    } else {
      delete instance.statusInfo
    }
  }
}
