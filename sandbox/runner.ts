// Runs the bundled action (dist/index.js) exactly as the GitHub runner runs a `node24`
// JavaScript action, for the end-to-end tests of every mode and for `npm run demo`:
//  - each input as INPUT_<NAME> (name uppercased, spaces to underscores, hyphens kept),
//    with action.yml's defaults filled in for inputs not given, as the runner does
//    (`${{ github.token }}` becomes `githubToken`, empty by default);
//  - GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_ENV, GITHUB_PATH, GITHUB_STATE as files in a
//    fresh RUNNER_TEMP; GITHUB_EVENT_NAME/GITHUB_EVENT_PATH from `event`; GITHUB_ACTIONS=true;
//  - a clean environment: nothing AWS_*, GITHUB_*, ACTIONS_* or INPUT_* leaks in from the
//    test process, the instance metadata service is off (no request leaves loopback), and
//    ~/.aws is not read. Pass endpoints and credentials in `env`.
// The child is spawned asynchronously, so servers in the test process (the sandbox, stubs)
// keep answering while it runs.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const DIST_ENTRY = join(REPO_ROOT, 'dist', 'index.js')

export interface RunActionOptions {
  /** Inputs as in a workflow's `with:` (names as declared in action.yml). */
  inputs: Record<string, string>
  /** Extra environment: AWS_ENDPOINT_URL_RDS, AWS_ACCESS_KEY_ID, GITHUB_API_URL, ... */
  env?: Record<string, string>
  /** The triggering event: written to GITHUB_EVENT_PATH, name in GITHUB_EVENT_NAME. */
  event?: { name: string; payload: Record<string, unknown> }
  /** The value `${{ github.token }}` expands to (default: empty, as with no token). */
  githubToken?: string
  /** Fill action.yml defaults like the runner (default true). */
  applyDefaults?: boolean
  /** Kill the child after this long (default 60 s). */
  timeoutMs?: number
  /** Keep RUNNER_TEMP after the run (default: removed). */
  keepTemp?: boolean
  /** Script to run instead of dist/index.js. */
  entry?: string
  /** Node options before the script, e.g. ['--import', 'tsx'] for a TypeScript entry. */
  nodeArgs?: string[]
  /**
   * The checked-out repository (GITHUB_WORKSPACE and the working directory, as on a runner
   * after actions/checkout), so relative paths such as `migrations` resolve as in a real
   * job. Default: an empty temporary directory.
   */
  workspace?: string
  /** Called with each chunk of the child's stdout as it arrives (a live log). */
  onStdout?: (chunk: string) => void
  /** Aborting it kills the child (SIGTERM), e.g. on Ctrl-C. */
  signal?: AbortSignal
}

export interface Annotation {
  level: 'error' | 'warning' | 'notice'
  properties: Record<string, string>
  message: string
  /** Index of the line in `lines`. */
  line: number
}

export interface ActionResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout split into lines (the runner's log, including ::commands::). */
  lines: string[]
  /** Log lines that are not workflow commands (what a reader of the log sees). */
  logLines: string[]
  /** Parsed GITHUB_OUTPUT (both `name=value` and heredoc `name<<DELIM` forms). */
  outputs: Record<string, string>
  /** GITHUB_STEP_SUMMARY's content. */
  summary: string
  /** Values passed to ::add-mask:: in order, with the index of the line that masked them. */
  masks: { value: string; line: number }[]
  errors: string[]
  warnings: string[]
  notices: string[]
  /** ::error/::warning/::notice commands with their properties (title, file, line, ...), in order. */
  annotations: Annotation[]
  runnerTemp: string
  durationMs: number
}

/** action.yml's inputs with their defaults, as the runner reads them. */
export function actionYmlInputs(): Record<string, { default?: string; required?: boolean }> {
  const doc = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean }>
  }
  return doc.inputs
}

/** INPUT_<NAME> as the runner spells it. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

const LEAKY = /^(AWS_|GITHUB_|ACTIONS_|INPUT_|RUNNER_)/

export async function runAction(options: RunActionOptions): Promise<ActionResult> {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'rds-bg-runner-'))
  const files = {
    GITHUB_OUTPUT: join(runnerTemp, 'output.txt'),
    GITHUB_STEP_SUMMARY: join(runnerTemp, 'step-summary.md'),
    GITHUB_ENV: join(runnerTemp, 'env.txt'),
    GITHUB_PATH: join(runnerTemp, 'path.txt'),
    GITHUB_STATE: join(runnerTemp, 'state.txt'),
  }
  for (const file of Object.values(files)) writeFileSync(file, '')

  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !LEAKY.test(key) && key !== 'NODE_OPTIONS') env[key] = value
  }
  Object.assign(env, files, {
    RUNNER_TEMP: runnerTemp,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_WORKSPACE: options.workspace ?? runnerTemp,
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_RUN_ID: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(runnerTemp, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(runnerTemp, 'no-aws-credentials'),
  })
  if (options.event) {
    const path = join(runnerTemp, 'event.json')
    writeFileSync(path, JSON.stringify(options.event.payload))
    env.GITHUB_EVENT_NAME = options.event.name
    env.GITHUB_EVENT_PATH = path
  } else {
    env.GITHUB_EVENT_NAME = 'workflow_dispatch'
  }

  if (options.applyDefaults ?? true) {
    for (const [name, spec] of Object.entries(actionYmlInputs())) {
      if (spec.default === undefined) continue
      env[inputEnvName(name)] = spec.default === '${{ github.token }}' ? (options.githubToken ?? '') : String(spec.default)
    }
  }
  for (const [name, value] of Object.entries(options.inputs)) env[inputEnvName(name)] = value
  Object.assign(env, options.env ?? {})

  const started = Date.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry ?? DIST_ENTRY], {
    env,
    cwd: options.workspace ?? (options.nodeArgs ? REPO_ROOT : runnerTemp),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    options.onStdout?.(chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
  const abort = () => child.kill('SIGTERM')
  options.signal?.addEventListener('abort', abort, { once: true })
  if (options.signal?.aborted) abort()
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (code, sig) => done([code, sig])),
  )
  clearTimeout(timer)
  options.signal?.removeEventListener('abort', abort)

  const lines = stdout.split('\n').filter((line, i, all) => !(i === all.length - 1 && line === ''))
  const command = (name: string) =>
    lines.filter((l) => l.startsWith(`::${name}`)).map((l) => unescapeData(l.slice(l.indexOf('::', 2) + 2)))
  const result: ActionResult = {
    exitCode,
    signal,
    stdout,
    stderr,
    lines,
    logLines: lines.filter((l) => !l.startsWith('::')),
    outputs: parseGithubOutput(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    masks: lines.flatMap((l, line) => (l.startsWith('::add-mask::') ? [{ value: unescapeData(l.slice(12)), line }] : [])),
    errors: command('error'),
    warnings: command('warning'),
    notices: command('notice'),
    annotations: lines.flatMap((l, line) => {
      const m = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(l)
      if (!m) return []
      const properties = Object.fromEntries(
        (m[2] ?? '')
          .trim()
          .split(',')
          .filter(Boolean)
          .map((p) => [p.slice(0, p.indexOf('=')), unescapeProperty(p.slice(p.indexOf('=') + 1))]),
      )
      return [{ level: m[1] as Annotation['level'], properties, message: unescapeData(m[3] ?? ''), line }]
    }),
    runnerTemp,
    durationMs: Date.now() - started,
  }
  if (!options.keepTemp && existsSync(runnerTemp)) rmSync(runnerTemp, { recursive: true, force: true })
  return result
}

/**
 * Parses the GITHUB_OUTPUT file format: `name=value` lines and heredocs
 *   name<<ghadelimiter_<uuid>
 *   value (any number of lines)
 *   ghadelimiter_<uuid>
 */
export function parseGithubOutput(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++] ?? '')
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: heredoc for ${name} has no closing ${delimiter}`)
      outputs[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`GITHUB_OUTPUT: cannot parse line ${JSON.stringify(line)}`)
    outputs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return outputs
}

/** Undoes @actions/core's escaping of command data (%25, %0D, %0A). */
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/g, ':').replace(/%2C/g, ','))
}
