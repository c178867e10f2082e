// `npm run sandbox`: starts the sandbox in the foreground with the sample `app` database on
// an RDS for MySQL instance and on an Aurora MySQL cluster, prints `export NAME=value` lines
// for a shell (eval "$(npm run -s sandbox | head -n 20)" in another terminal, or copy them),
// logs every RDS call, and stops cleanly on Ctrl-C (SIGINT) or SIGTERM.
//   --no-instance / --no-cluster      leave one out
//   --backup-retention=N              the instance's automated backups (0: binlog off)
//   --instance-id=ID --cluster-id=ID  identifiers (defaults database-1, aurora-1)
import { Sandbox, type SandboxOptions } from './index.js'

function parse(argv: string[]): SandboxOptions {
  const flags = new Map<string, string>()
  for (const arg of argv) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!match) throw new Error(`Unknown argument ${arg}. Use --no-instance, --no-cluster, --backup-retention=N, --instance-id=ID, --cluster-id=ID.`)
    flags.set(match[1]!, match[2] ?? 'true')
  }
  const retention = flags.has('backup-retention') ? Number(flags.get('backup-retention')) : 1
  if (!Number.isInteger(retention) || retention < 0 || retention > 35) {
    throw new Error(`--backup-retention=${flags.get('backup-retention')} is not valid: use a whole number of days from 0 to 35.`)
  }
  return {
    instance: flags.has('no-instance') ? false : { id: flags.get('instance-id') ?? 'database-1', backupRetention: retention },
    cluster: flags.has('no-cluster') ? false : { id: flags.get('cluster-id') ?? 'aurora-1' },
    onCall: (action, code) => console.error(`rds ${action}${code ? ` -> ${code}` : ''}`),
  }
}

const started = Date.now()
let sandbox: Sandbox
try {
  sandbox = await Sandbox.start(parse(process.argv.slice(2)))
} catch (error) {
  console.error(`sandbox: ${(error as Error).message}`)
  process.exit(1)
}
for (const [name, value] of Object.entries(sandbox.env)) console.log(`export ${name}=${JSON.stringify(value)}`)
console.error(`sandbox: ready in ${Date.now() - started} ms; control endpoint ${sandbox.endpoint}/_sandbox/state; Ctrl-C stops it`)

let stopping = false
async function shutdown(signal: string): Promise<void> {
  if (stopping) return
  stopping = true
  console.error(`sandbox: ${signal}, stopping`)
  await sandbox.stop()
  console.error('sandbox: stopped, everything removed')
  process.exit(0)
}
process.on('SIGINT', () => void shutdown('SIGINT'))
process.on('SIGTERM', () => void shutdown('SIGTERM'))
