// One real database server process (Debian's mariadbd, or mysqld 8.x where that is what
// is installed) with its own data directory, socket, TCP port and server id, living in a
// sandbox Workspace. The RDS model drives it: start, stop, restart with the settings of
// its parameter groups (a reboot), kill (a crash). The sandbox administers it as root over
// the unix socket, the way RDS keeps its own rdsadmin account out of the user's reach.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { promisify } from 'node:util'
import mysql from 'mysql2/promise'
import type { Workspace } from './workspace.js'

const run = promisify(execFile)

export type Flavor = 'mariadb' | 'mysql'
export type BinlogFormat = 'ROW' | 'MIXED' | 'STATEMENT'

/** What the server process is started with: the effect of its parameter groups and instance settings. */
export interface ServerSettings {
  serverId: number
  /** Binary logging (RDS MySQL: backups on; Aurora: binlog_format set in the cluster group). */
  binlog: boolean
  binlogFormat?: BinlogFormat
  readOnly?: boolean
  /** Any further server variable, e.g. event_scheduler, lower_case_table_names, max_connections. */
  variables?: Record<string, string | number | boolean>
}

export interface TlsFiles {
  ca: string
  cert: string
  key: string
}

export interface ServerBinary {
  path: string
  flavor: Flavor
  version: string
}

let detected: Promise<ServerBinary> | undefined

/** Finds the server binary: mariadbd first (Debian's MariaDB), then mysqld. */
export function detectServerBinary(): Promise<ServerBinary> {
  detected ??= (async () => {
    for (const path of ['/usr/sbin/mariadbd', '/usr/sbin/mysqld', '/usr/bin/mariadbd', '/usr/bin/mysqld']) {
      if (!existsSync(path)) continue
      const { stdout } = await run(path, ['--version'])
      const version = /Ver\s+(\S+)/.exec(stdout)?.[1] ?? 'unknown'
      return { path, flavor: /mariadb/i.test(stdout) ? 'mariadb' : 'mysql', version }
    }
    throw new Error(
      'No MariaDB or MySQL server binary found. Install Debian\'s MariaDB server: apt-get install -y mariadb-server',
    )
  })()
  return detected
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

// Small buffers keep a server's start under ~150 ms and its memory near 100 MB.
const COMMON_OPTIONS = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=8M',
  '--skip-name-resolve',
  '--max-connections=300',
]

// One template per workspace, created once even when several servers start at the same time.
const templates = new WeakMap<Workspace, Promise<string>>()

/** Initialises one pristine data directory per workspace; every server starts from a copy. */
function templateDatadir(workspace: Workspace, binary: ServerBinary): Promise<string> {
  let template = templates.get(workspace)
  if (!template) {
    template = initialiseTemplate(workspace, binary)
    templates.set(workspace, template)
    // A failed initialisation is not cached: the next server tries again.
    template.catch(() => templates.delete(workspace))
  }
  return template
}

async function initialiseTemplate(workspace: Workspace, binary: ServerBinary): Promise<string> {
  const dir = workspace.path('template')
  const scratch = workspace.path('template-tmp')
  mkdirSync(scratch, { recursive: true })
  const user = process.getuid?.() === 0 ? ['--user=root'] : []
  if (binary.flavor === 'mariadb') {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      ...user,
      '--innodb-log-file-size=8M',
      // The bootstrap's temporary tables stay inside the workspace, away from /tmp cleaners.
      `--tmpdir=${scratch}`,
    ])
  } else {
    await run(binary.path, ['--no-defaults', '--initialize-insecure', `--datadir=${dir}`, `--tmpdir=${scratch}`, ...user])
  }
  return dir
}

export class DatabaseServer {
  private child: ChildProcess | undefined
  private pool: mysql.Pool | undefined
  private exited: Promise<void> = Promise.resolve()

  private constructor(
    private readonly workspace: Workspace,
    readonly name: string,
    readonly binary: ServerBinary,
    readonly port: number,
    readonly tls: TlsFiles | undefined,
    public settings: ServerSettings,
  ) {}

  /** Creates the data directory (a copy of the workspace's template) and starts the server. */
  static async create(
    workspace: Workspace,
    name: string,
    settings: ServerSettings,
    options: { tls?: TlsFiles; port?: number } = {},
  ): Promise<DatabaseServer> {
    const binary = await detectServerBinary()
    const template = await templateDatadir(workspace, binary)
    mkdirSync(workspace.path('servers', name), { recursive: true })
    cpSync(template, workspace.path('servers', name, 'data'), { recursive: true })
    let lastError: unknown
    // A port found free can be taken before the server binds it; try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = options.port ?? (await freePort())
      const server = new DatabaseServer(workspace, name, binary, port, options.tls, settings)
      try {
        await server.start()
        return server
      } catch (error) {
        lastError = error
        if (options.port !== undefined || !/Address already in use|Can't start server/i.test(String(error))) break
      }
    }
    throw lastError
  }

  get datadir(): string {
    return this.workspace.path('servers', this.name, 'data')
  }

  get socket(): string {
    return this.workspace.path('servers', this.name, 'mysqld.sock')
  }

  get errorLog(): string {
    return this.workspace.path('servers', this.name, 'error.log')
  }

  get running(): boolean {
    return this.child !== undefined
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  private arguments(): string[] {
    const s = this.settings
    const args = [
      '--no-defaults',
      `--datadir=${this.datadir}`,
      `--socket=${this.socket}`,
      `--port=${this.port}`,
      '--bind-address=127.0.0.1',
      `--pid-file=${this.workspace.path('servers', this.name, 'mysqld.pid')}`,
      `--log-error=${this.errorLog}`,
      // Temporary files inside the workspace: a tmp cleaner can never remove them mid-query.
      `--tmpdir=${this.workspace.path('servers', this.name)}`,
      `--server-id=${s.serverId}`,
      ...COMMON_OPTIONS,
    ]
    if (process.getuid?.() === 0) args.push('--user=root')
    if (this.binary.flavor === 'mariadb') args.push('--performance-schema=OFF')
    if (s.binlog) {
      // RDS names its binary logs mysql-bin-changelog.NNNNNN; so do we.
      args.push(`--log-bin=${this.datadir}/mysql-bin-changelog`, '--log-slave-updates=ON')
      if (s.binlogFormat) args.push(`--binlog-format=${s.binlogFormat}`)
    } else {
      args.push('--skip-log-bin')
    }
    args.push(`--read-only=${s.readOnly ? 'ON' : 'OFF'}`)
    if (this.tls) {
      args.push(`--ssl-ca=${this.tls.ca}`, `--ssl-cert=${this.tls.cert}`, `--ssl-key=${this.tls.key}`)
    }
    for (const [key, value] of Object.entries(s.variables ?? {})) {
      const rendered = typeof value === 'boolean' ? (value ? 'ON' : 'OFF') : String(value)
      args.push(`--${key.replace(/_/g, '-')}=${rendered}`)
    }
    return args
  }

  /** Starts the process and resolves once it accepts connections on its socket. */
  async start(): Promise<void> {
    if (this.child) return
    const child = spawn(this.binary.path, this.arguments(), { detached: true, stdio: 'ignore' })
    if (child.pid === undefined) throw new Error(`${this.name}: could not start ${this.binary.path}`)
    this.workspace.track(child.pid)
    let exitCode: number | null | undefined
    this.exited = new Promise((resolve) => {
      child.once('exit', (code) => {
        exitCode = code
        if (child.pid !== undefined) this.workspace.untrack(child.pid)
        if (this.child === child) this.child = undefined
        resolve()
      })
    })
    this.child = child
    const deadline = Date.now() + 15_000
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(`${this.name}: server exited with code ${exitCode} while starting: ${this.logTail()}`)
      }
      if (existsSync(this.socket)) {
        try {
          const probe = await mysql.createConnection({ socketPath: this.socket, user: 'root' })
          await probe.end()
          break
        } catch {
          // the socket exists before the server accepts on it
        }
      }
      if (Date.now() > deadline) {
        await this.kill()
        throw new Error(`${this.name}: server did not accept connections within 15 s: ${this.logTail()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
    this.pool = mysql.createPool({
      socketPath: this.socket,
      user: 'root',
      connectionLimit: 4,
      multipleStatements: true,
      dateStrings: true,
    })
  }

  /** Stops the server: a clean shutdown (SIGTERM), or SIGKILL when `fast` (data is discarded anyway). */
  async stop(options: { fast?: boolean } = {}): Promise<void> {
    const child = this.child
    if (!child) return
    await this.closePool()
    child.kill(options.fast ? 'SIGKILL' : 'SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    await this.exited
    clearTimeout(timer)
  }

  /** A crash: the process dies at once, nothing is flushed. */
  async kill(): Promise<void> {
    await this.stop({ fast: true })
  }

  /** Stops and starts again, with new settings when given (RebootDBInstance). */
  async restart(settings?: ServerSettings): Promise<void> {
    await this.stop()
    if (settings) this.settings = settings
    await this.start()
  }

  /** Root's connection pool over the unix socket (the sandbox's own administrative access). */
  admin(): mysql.Pool {
    if (!this.pool) throw new Error(`${this.name}: server is not running`)
    return this.pool
  }

  /** Runs one statement as root and returns its rows. */
  async query<T = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<T[]> {
    const [rows] = await this.admin().query(sql, values)
    return rows as T[]
  }

  private async closePool(): Promise<void> {
    const pool = this.pool
    this.pool = undefined
    if (pool) await pool.end().catch(() => undefined)
  }

  private logTail(): string {
    try {
      return readFileSync(this.errorLog, 'utf8').trim().split('\n').slice(-5).join(' | ')
    } catch {
      return '(no error log)'
    }
  }
}
