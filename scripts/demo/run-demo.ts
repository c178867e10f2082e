// The demo's core: start the sandbox with a sample application database, then run the
// bundled action (dist/index.js) for each stage exactly as a runner runs it (INPUT_*,
// GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP; sandbox/runner.ts), the switchover
// under an application's write load, keeping every report in `outputDir`.
//
// Each stage assumes its own role through the GitHub OIDC token and STS, limited to the
// actions docs/iam.md documents for that mode (scripts/docs/iam-policies.ts): a stage
// that needed more would fail with AccessDenied. The switchover and cleanup roles trust
// only their approval environment's `sub`, as docs/iam.md recommends.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { MODES, type Mode } from '../../src/mode.js'
import { Sandbox } from '../../sandbox/index.js'
import type { RoleConfig } from '../../sandbox/identity/roles.js'
import { DEFAULT_ACCOUNT, roleArn } from '../../sandbox/identity/roles.js'
import { REPO_ROOT, runAction, type ActionResult } from '../../sandbox/runner.js'
import { allowedActions } from '../docs/iam-policies.js'
import { renderMarkdown } from './terminal-markdown.js'
import { type WriteLoadResult, startWriteLoad } from './write-load.js'

export const STAGES: readonly Mode[] = MODES

export const DEMO_SOURCE = 'bookshop'
const REPOSITORY = 'octo-org/bookshop'
const ENVIRONMENTS: Partial<Record<Mode, string>> = { switchover: 'blue-green-switchover', cleanup: 'blue-green-cleanup' }

const WHAT: Record<Mode, string> = {
  prepare: 'preflight blue and fix what creation needs (apply, allow-reboot)',
  create: 'create the Blue/Green Deployment and wait until green is usable',
  verify: 'prove green is an in-sync, compatible replica; lint a migration',
  switchover: 'switch over, probing the production endpoint every 100 ms, while the application writes',
  cleanup: 'delete the deployment and the old blue, after a final snapshot',
}

export interface DemoOptions {
  /** Where the reports are kept (emptied first). */
  outputDir: string
  /** Printer for progress and summaries. */
  print: (text: string) => void
  color?: boolean
  columns?: number
  /** Abort (Ctrl-C): the running stage is killed and the sandbox stopped. */
  signal?: AbortSignal
  /** Called once the sandbox is up (tests use it to interrupt a running demo). */
  onSandboxReady?: (sandbox: Sandbox) => void
}

export interface StageResult {
  stage: Mode
  exitCode: number | null
  outputs: Record<string, string>
  errors: string[]
  dir: string
  durationMs: number
}

export interface DemoResult {
  ok: boolean
  stages: StageResult[]
  /** The stage that failed, with the errors it printed. */
  failed?: { stage: Mode; errors: string[] }
  load?: WriteLoadResult
  wallMs: number
  sandboxDir?: string
}

function roles(): RoleConfig[] {
  return STAGES.map((mode) => ({
    name: `rds-blue-green-${mode}`,
    trust: { subject: ENVIRONMENTS[mode] ? `repo:${REPOSITORY}:environment:${ENVIRONMENTS[mode]}` : `repo:${REPOSITORY}:*` },
    allowedActions: allowedActions(mode),
  }))
}

function stageInputs(mode: Mode, dir: string, env: Record<string, string>): Record<string, string> {
  const common: Record<string, string> = {
    mode,
    source: DEMO_SOURCE,
    'aws-region': env.AWS_REGION ?? 'us-east-1',
    'role-to-assume': roleArn(DEFAULT_ACCOUNT, `rds-blue-green-${mode}`),
    'role-session-name': `demo-${mode}`,
    'db-user': env.SANDBOX_DB_USER ?? '',
    'db-password': env.SANDBOX_DB_PASSWORD ?? '',
    'db-ca-bundle': env.SANDBOX_DB_CA ?? '',
    'report-path': join(dir, 'report.json'),
    'pr-comment': 'never',
  }
  const own: Record<Mode, Record<string, string>> = {
    prepare: { apply: 'true', 'allow-reboot': 'true' },
    create: { 'create-timeout': '5m', tags: 'team=bookshop,change=demo' },
    // Relative to the workspace, as in a job after actions/checkout (the demo's workspace is this repository).
    verify: { migrations: 'scripts/demo/migrations/*.sql', 'sync-timeout': '30s' },
    switchover: { 'probe-interval': '100ms', 'probe-tail': '3s', 'switchover-timeout': '300', 'probe-log-path': join(dir, 'probes.ndjson') },
    cleanup: { 'delete-old': 'true', 'final-snapshot': 'true' },
  }
  return { ...common, ...own[mode] }
}

/** What the child gets from the sandbox: endpoints and the OIDC request, never keys (it assumes a role). */
function stageEnv(sandbox: Sandbox): Record<string, string> {
  const keep = ['AWS_ENDPOINT_URL_RDS', 'AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_REGION',
    'ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN', 'GITHUB_API_URL']
  return Object.fromEntries(keep.flatMap((k) => (sandbox.env[k] ? [[k, sandbox.env[k]!]] : [])))
}


export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now()
  const { print, signal } = options
  const color = options.color ?? false
  const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[22m` : t)
  rmSync(options.outputDir, { recursive: true, force: true })
  mkdirSync(options.outputDir, { recursive: true })
  const shown = (path: string) => relative(process.cwd(), path) || '.'

  print(bold('Starting the sandbox') + ': an RDS control plane, STS, GitHub OIDC, and real MariaDB servers')
  const sandbox = await Sandbox.start({
    instance: { id: DEMO_SOURCE, sampleData: true },
    cluster: false,
    identity: { workflow: { repository: REPOSITORY, workflow: 'Database release', workflowPath: '.github/workflows/release.yml' }, roles: roles() },
  })
  const result: DemoResult = { ok: false, stages: [], wallMs: 0, sandboxDir: sandbox.dir }
  try {
    options.onSandboxReady?.(sandbox)
    const instance = sandbox.instance(DEMO_SOURCE)
    const endpoint = { host: instance.proxy.host, port: instance.proxy.port }
    print(`  RDS for MySQL instance ${bold(DEMO_SOURCE)} at ${endpoint.host}:${endpoint.port} with the sample application database \`app\` (users, books, orders)`)
    print(`  sandbox workspace: ${sandbox.dir} (removed at the end)`)
    print(`  reports: ${shown(options.outputDir)}/\n`)
    const env = stageEnv(sandbox)

    for (const [index, mode] of STAGES.entries()) {
      if (signal?.aborted) throw new Error('interrupted')
      const dir = join(options.outputDir, `${index + 1}-${mode}`)
      mkdirSync(dir, { recursive: true })
      print(bold(`▶ ${index + 1}/5 ${mode}`) + `: ${WHAT[mode]}`)
      // The approval environment decides the OIDC token's `sub`, as on GitHub.
      sandbox.identity.oidc.setWorkflow({ environment: ENVIRONMENTS[mode] })

      const load = mode === 'switchover'
        ? startWriteLoad({ ...endpoint, user: sandbox.env.SANDBOX_DB_USER ?? 'admin', password: sandbox.env.SANDBOX_DB_PASSWORD ?? '', ca: readFileSync(sandbox.env.SANDBOX_DB_CA ?? '', 'utf8') })
        : undefined
      if (load) await new Promise((r) => setTimeout(r, 500)) // the application is writing before the switchover starts
      let run: ActionResult
      try {
        run = await runAction({
          inputs: stageInputs(mode, dir, sandbox.env),
          env,
          workspace: REPO_ROOT,
          timeoutMs: 110_000,
          ...(signal ? { signal } : {}),
        })
      } finally {
        if (load) result.load = await load.stop()
      }

      writeFileSync(join(dir, 'summary.md'), run.summary)
      writeFileSync(join(dir, 'log.txt'), run.stdout + (run.stderr ? `\n--- stderr ---\n${run.stderr}` : ''))
      writeFileSync(join(dir, 'outputs.json'), JSON.stringify(run.outputs, null, 2) + '\n')
      const stage: StageResult = { stage: mode, exitCode: run.exitCode, outputs: run.outputs, errors: run.errors, dir, durationMs: run.durationMs }
      result.stages.push(stage)
      if (signal?.aborted) throw new Error('interrupted')

      if (run.summary.trim()) {
        print(renderMarkdown(run.summary, { color, columns: options.columns ?? 100, source: shown(join(dir, 'summary.md')) }).replace(/^/gm, '  '))
      }
      const outputs = Object.entries(run.outputs).filter(([k]) => !k.endsWith('-path')).map(([k, v]) => `${k}=${v}`)
      if (outputs.length) print(`  outputs: ${outputs.join(' ')}`)
      print(`  ${(run.durationMs / 1000).toFixed(1)} s · full report: ${shown(dir)}/ (summary.md, report.json${mode === 'switchover' ? ', probes.ndjson' : ''}, log.txt)\n`)

      if (run.exitCode !== 0) {
        result.failed = { stage: mode, errors: run.errors.length ? run.errors : [run.stderr.trim().split('\n').pop() ?? `exit code ${run.exitCode}`] }
        return result
      }
    }
    result.ok = true
    return result
  } finally {
    result.wallMs = Date.now() - started
    await sandbox.stop()
  }
}
