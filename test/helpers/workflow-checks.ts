// Structural checks of the reusable blue-green workflow and of the workflows that call it.
// Each check returns a list of problems in words (empty: fine), so a test can both assert
// that the real files pass and that a realistic mistake, made on a copy, is caught.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { REPO_ROOT } from './run-action.js'

export const STAGES = ['prepare', 'create', 'verify', 'switchover', 'cleanup'] as const
/** The jobs that run in an approval environment. */
export const GATED = ['switchover', 'cleanup'] as const
/** Where the reusable workflow checks the action out, and how steps refer to it. */
export const ACTION_PATH = '.rds-blue-green'
export const ACTION_USES = `./${ACTION_PATH}`

export type Permissions = Record<string, string> | string

export interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  if?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}

export interface Job {
  name?: string
  needs?: string | string[]
  if?: string
  'runs-on'?: unknown
  environment?: string | { name?: string; url?: string }
  permissions?: Permissions
  outputs?: Record<string, string>
  steps?: Step[]
  uses?: string
  with?: Record<string, unknown>
  secrets?: Record<string, string> | 'inherit'
  'timeout-minutes'?: number | string
  strategy?: { matrix?: unknown; 'max-parallel'?: number; 'fail-fast'?: boolean }
  concurrency?: unknown
}

export interface WorkflowCall {
  inputs?: Record<string, { type?: string; required?: boolean; default?: unknown; description?: string }>
  secrets?: Record<string, { required?: boolean; description?: string }>
  outputs?: Record<string, { value: string; description?: string }>
}

export interface Workflow {
  name?: string
  on: Record<string, unknown> & { workflow_call?: WorkflowCall }
  permissions?: Permissions
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string } | string
  jobs: Record<string, Job>
}

export function readWorkflow(path: string): Workflow {
  // `on:` is a YAML 1.1 boolean to some parsers; `yaml` (YAML 1.2 core) keeps it a string.
  return parse(readFileSync(path, 'utf8')) as Workflow
}

export const REUSABLE_PATH = join(REPO_ROOT, '.github', 'workflows', 'blue-green.yml')

export interface ActionSpec {
  inputs: Record<string, { required?: boolean; default?: string }>
  outputs: Record<string, { description?: string }>
}

export function readActionSpec(): ActionSpec {
  return parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionSpec
}

export function needsOf(job: Job): string[] {
  if (job.needs === undefined) return []
  return Array.isArray(job.needs) ? job.needs : [job.needs]
}

/** Every job `name` depends on, directly or not. */
export function ancestors(jobs: Record<string, Job>, name: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(jobs[name] ?? {})) {
    if (seen.has(need)) continue
    seen.add(need)
    ancestors(jobs, need, seen)
  }
  return seen
}

/** The expressions in a value: the insides of `${{ }}`, and an `if:` string as a whole. */
function expressionsIn(value: unknown, key?: string): string[] {
  if (typeof value === 'string') {
    const inside = [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1] ?? '')
    if (key === 'if' && inside.length === 0) return [value]
    return inside
  }
  if (Array.isArray(value)) return value.flatMap((v) => expressionsIn(v))
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => expressionsIn(v, k))
  return []
}

function references(expressions: string[], pattern: RegExp): [string, string][] {
  return expressions.flatMap((e) => [...e.matchAll(pattern)].map((m) => [m[1] ?? '', m[2] ?? ''] as [string, string]))
}

const NEEDS_OUTPUT = /\bneeds\.([\w-]+)\.outputs\.([\w-]+)/g
const STEPS_OUTPUT = /\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g
const JOBS_OUTPUT = /\bjobs\.([\w-]+)\.outputs\.([\w-]+)/g
const INPUT = /\binputs\.([\w-]+)()/g
const SECRET = /\bsecrets\.([\w-]+)()/g

/** Permission scopes as a map; `read-all`/`write-all` spelled out as one entry. */
export function permissionMap(p: Permissions | undefined): Record<string, string> {
  if (p === undefined) return {}
  if (typeof p === 'string') return { '*': p.replace('-all', '') }
  return p
}

/** The steps that run this action. */
export function actionSteps(job: Job): Step[] {
  return (job.steps ?? []).filter((s) => s.uses === ACTION_USES)
}

/** Problems with the reusable workflow; empty when it is right. */
export function checkReusableWorkflow(wf: Workflow, action: ActionSpec): string[] {
  const problems: string[] = []
  const call = wf.on.workflow_call
  if (!call) return ['on.workflow_call is missing: the workflow cannot be called']
  const inputs = call.inputs ?? {}
  const jobs = wf.jobs

  // The stages, in order, each depending on every stage before it.
  const names = Object.keys(jobs)
  for (const stage of STAGES) if (!jobs[stage]) problems.push(`job ${stage} is missing`)
  for (const name of names) if (!(STAGES as readonly string[]).includes(name)) problems.push(`unexpected job ${name}`)
  STAGES.forEach((stage, i) => {
    if (!jobs[stage]) return
    const before = ancestors(jobs, stage)
    for (const earlier of STAGES.slice(0, i)) {
      if (!before.has(earlier)) problems.push(`${stage} does not wait for ${earlier} (needs)`)
    }
    for (const later of STAGES.slice(i + 1)) if (before.has(later)) problems.push(`${stage} waits for the later stage ${later}`)
  })

  // Approval gates: the switchover and cleanup jobs in environments named by inputs.
  for (const name of names) {
    const env = jobs[name]?.environment
    const envName = typeof env === 'string' ? env : env?.name
    if (!(GATED as readonly string[]).includes(name)) {
      if (env !== undefined) problems.push(`${name} runs in an environment; only ${GATED.join(' and ')} are gated`)
      continue
    }
    const match = envName ? /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/.exec(envName) : null
    if (!match) problems.push(`${name} does not run in an environment named by an input (the approval gate)`)
    else if (!inputs[match[1]!]) problems.push(`${name}'s environment input ${match[1]} is not declared`)
    else if (!inputs[match[1]!]?.default && !inputs[match[1]!]?.required) problems.push(`${name}'s environment input ${match[1]} may be empty: the job would run ungated`)
  }

  // A verify that is not ready stops the pipeline before the switchover approval is asked.
  const switchIf = jobs.switchover?.if ?? ''
  if (!/needs\.verify\.outputs\.ready\s*==\s*'true'/.test(switchIf)) {
    problems.push("switchover does not require needs.verify.outputs.ready == 'true' in its if:")
  }
  if (/\balways\(\)|\bfailure\(\)|\bcancelled\(\)/.test(switchIf) || /\balways\(\)|\bfailure\(\)/.test(jobs.cleanup?.if ?? '')) {
    problems.push('switchover or cleanup can run after a failed stage (always()/failure() in if:)')
  }

  // stop-after: each later stage runs only when stop-after names it or a stage after it
  // (a positive list, so a typo cannot run a switchover), and prepare rejects other values.
  STAGES.forEach((stage, i) => {
    if (i === 0 || !jobs[stage]) return
    const cond = jobs[stage]?.if ?? ''
    const listed = /contains\(fromJSON\('(\[[^']*\])'\),\s*inputs\.stop-after\)/.exec(cond)?.[1]
    const allowed = listed ? (JSON.parse(listed) as string[]) : /inputs\.stop-after == '(\w+)'/.exec(cond)?.slice(1) ?? []
    if (allowed.sort().join() !== STAGES.slice(i).sort().join()) {
      problems.push(`${stage} does not run exactly when stop-after is ${STAGES.slice(i).join(', ')} (its if: ${cond || 'none'})`)
    }
  })
  const guard = (jobs.prepare?.steps ?? [])[0]
  if (!guard?.if?.includes('inputs.stop-after') || !/exit 1/.test(guard.run ?? '')) problems.push('prepare does not reject an unknown stop-after first')

  // Concurrency: one run per source database, never cancelling a running one.
  const c = wf.concurrency
  const group = typeof c === 'string' ? c : c?.group ?? ''
  if (!/inputs\.source\b/.test(group)) problems.push('the workflow concurrency group is not keyed by inputs.source')
  if (/github\.workflow\b/.test(group)) problems.push("the concurrency group uses github.workflow, which is the caller's name: a caller job with the same group deadlocks")
  if (typeof c !== 'object' || c['cancel-in-progress'] !== false) problems.push('concurrency cancel-in-progress is not false: a second run could cancel a running switchover')
  for (const name of names) if (jobs[name]?.concurrency !== undefined) problems.push(`${name} has its own concurrency group`)

  // Permissions: nothing at the top, each job only what it needs.
  const top = permissionMap(wf.permissions)
  if (wf.permissions === undefined || Object.keys(top).length > 0) problems.push('the workflow grants permissions to every job (set permissions: {} at the top)')
  for (const name of names) {
    const job = jobs[name]!
    if (job.permissions === undefined) {
      problems.push(`${name} has no permissions of its own`)
      continue
    }
    const p = permissionMap(job.permissions)
    const comments = actionSteps(job).some((s) => String(s.with?.['pr-comment'] ?? 'auto') !== 'never')
    const wanted: Record<string, string> = { 'id-token': 'write', contents: 'read', ...(comments ? { 'pull-requests': 'write' } : {}) }
    for (const [scope, level] of Object.entries(p)) {
      if (wanted[scope] !== level) problems.push(`${name} has ${scope}: ${level}, more than it needs`)
    }
    for (const [scope, level] of Object.entries(wanted)) {
      if (p[scope] !== level) problems.push(`${name} lacks ${scope}: ${level}`)
    }
  }
  const commenting = names.filter((n) => permissionMap(jobs[n]?.permissions)['pull-requests'] === 'write')
  if (commenting.join() !== 'verify') problems.push(`pull-requests: write on [${commenting.join(', ')}]; only verify comments`)

  // Each stage runs this action at the workflow's own commit, once, in its own mode.
  for (const stage of STAGES) {
    const job = jobs[stage]
    if (!job) continue
    const steps = job.steps ?? []
    const runs = actionSteps(job)
    if (runs.length !== 1) {
      problems.push(`${stage} runs the action ${runs.length} times (expected once, as ${ACTION_USES})`)
      continue
    }
    const run = runs[0]!
    if (run.with?.mode !== stage) problems.push(`${stage} runs the action in mode ${String(run.with?.mode)}`)
    const at = steps.indexOf(run)
    const checkout = steps.slice(0, at).find((s) => s.uses?.startsWith('actions/checkout@') && s.with?.path === ACTION_PATH)
    if (!checkout) problems.push(`${stage} does not check out the action into ${ACTION_PATH} before running it`)
    else {
      const self = steps.find((s) => s.id === 'self')
      if (!self?.run) problems.push(`${stage} has no 'self' step to find the workflow's commit`)
      if (checkout.with?.ref !== '${{ steps.self.outputs.sha }}' || checkout.with?.repository !== '${{ steps.self.outputs.repository }}') {
        problems.push(`${stage} checks the action out at another ref than the workflow's own commit`)
      }
      if (steps.slice(steps.indexOf(checkout) + 1).some((s) => s.uses?.startsWith('actions/checkout@') && !s.with?.path)) {
        problems.push(`${stage} checks out into the workspace root after the action: that wipes ${ACTION_PATH}`)
      }
    }
    for (const key of Object.keys(run.with ?? {})) {
      if (!action.inputs[key]) problems.push(`${stage} gives the action '${key}', which action.yml does not declare`)
    }
    for (const key of ['source', 'aws-region', 'role-to-assume']) {
      if (!run.with?.[key]) problems.push(`${stage} does not pass ${key} to the action`)
    }
    if (stage !== 'prepare' && stage !== 'create' && !String(run.with?.deployment ?? '').includes('needs.create.outputs.deployment-id')) {
      problems.push(`${stage} does not pass the deployment create made (needs.create.outputs.deployment-id)`)
    }
  }
  // Timeouts that agree: the action gets its job's timeout-minutes as time-limit, so its waits
  // end before GitHub cancels the job and it writes its own report.
  for (const stage of STAGES) {
    const job = jobs[stage]
    const run = job ? actionSteps(job)[0] : undefined
    if (!job || !run) continue
    const minutes = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(String(job['timeout-minutes'] ?? ''))?.[1]
    if (!minutes || inputs[minutes]?.type !== 'number') {
      problems.push(`${stage}'s timeout-minutes is not a number input (${String(job['timeout-minutes'])}): the action cannot be told its time-limit`)
    } else if (run.with?.['time-limit'] !== `\${{ inputs.${minutes} }}m`) {
      problems.push(`${stage} does not give the action its job's timeout-minutes as time-limit`)
    } else if (Number(inputs[minutes]?.default) > 360) {
      problems.push(`${stage}'s ${minutes} defaults above 360, the most a GitHub-hosted job may run`)
    }
  }

  const selfScripts = new Set(STAGES.map((s) => (jobs[s]?.steps ?? []).find((st) => st.id === 'self')?.run))
  if (selfScripts.size > 1) problems.push("the jobs' 'self' steps differ: keep them identical")

  // Artifacts: every stage uploads its report; the switchover also its probe log.
  const artifactNames = new Set<string>()
  for (const stage of STAGES) {
    const job = jobs[stage]
    if (!job) continue
    const run = actionSteps(job)[0]
    const uploads = (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/upload-artifact@'))
    const paths = uploads.map((u) => String(u.with?.path ?? '')).join('\n')
    if (!run?.id || !paths.includes(`steps.${run.id}.outputs.report-path`)) problems.push(`${stage} does not upload its JSON report as an artifact`)
    if (stage === 'switchover' && (!run?.id || !paths.includes(`steps.${run.id}.outputs.probe-log-path`))) problems.push('switchover does not upload the probe log')
    for (const u of uploads) {
      if (!/\balways\(\)/.test(u.if ?? '')) problems.push(`${stage} uploads its report only when the stage succeeds (if: always() is missing)`)
      const artifact = String(u.with?.name ?? '')
      if (!/steps\.self\.outputs\.artifact-prefix|inputs\.source/.test(artifact)) problems.push(`${stage}'s artifact name ${artifact} is not per database: a fleet's names collide`)
      if (artifactNames.has(artifact)) problems.push(`artifact name ${artifact} is used twice`)
      artifactNames.add(artifact)
    }
  }

  problems.push(...checkReferences(wf, action))
  return problems
}

/** Every needs/steps/jobs/inputs/secrets reference resolves to something declared. */
export function checkReferences(wf: Workflow, action: ActionSpec): string[] {
  const problems: string[] = []
  const call = wf.on.workflow_call ?? {}
  const inputs = call.inputs ?? {}
  const secrets = call.secrets ?? {}
  for (const [name, job] of Object.entries(wf.jobs)) {
    const exprs = expressionsIn(job)
    const direct = new Set(needsOf(job))
    for (const [from, output] of references(exprs, NEEDS_OUTPUT)) {
      if (!direct.has(from)) problems.push(`${name} reads needs.${from}.outputs.${output} but does not need ${from}`)
      else if (!wf.jobs[from]?.outputs?.[output]) problems.push(`${name} reads needs.${from}.outputs.${output}, which ${from} does not declare`)
    }
    const steps = new Map((job.steps ?? []).flatMap((s) => (s.id ? [[s.id, s] as const] : [])))
    for (const [id, output] of references(exprs, STEPS_OUTPUT)) {
      const step = steps.get(id)
      if (!step) problems.push(`${name} reads steps.${id}.outputs.${output} but has no step ${id}`)
      else if (step.uses === ACTION_USES && !action.outputs[output]) problems.push(`${name} reads the action's output ${output}, which action.yml does not declare`)
      else if (step.run && !new RegExp(`\\b${output}=`).test(step.run)) problems.push(`${name} reads steps.${id}.outputs.${output}, which that step never writes`)
    }
    for (const [input] of references(exprs, INPUT)) if (!inputs[input]) problems.push(`${name} uses inputs.${input}, which is not declared`)
    for (const [secret] of references(exprs, SECRET)) if (!secrets[secret]) problems.push(`${name} uses secrets.${secret}, which is not declared`)
  }
  for (const [name, out] of Object.entries(call.outputs ?? {})) {
    for (const [job, output] of references(expressionsIn(out.value), JOBS_OUTPUT)) {
      if (!wf.jobs[job]?.outputs?.[output]) problems.push(`workflow output ${name} reads jobs.${job}.outputs.${output}, which does not exist`)
    }
  }
  for (const [input] of references(expressionsIn(wf.concurrency), INPUT)) if (!inputs[input]) problems.push(`concurrency uses inputs.${input}, which is not declared`)
  return problems
}

/** Problems with a workflow that calls the reusable one (an example users copy). */
export function checkCaller(caller: Workflow, reusable: Workflow, action: ActionSpec): string[] {
  const problems: string[] = []
  const call = reusable.on.workflow_call ?? {}
  // What the called jobs ask for: a called workflow gets at most what its caller job grants.
  const needed: Record<string, string> = {}
  for (const job of Object.values(reusable.jobs)) Object.assign(needed, permissionMap(job.permissions))
  for (const [name, job] of Object.entries(caller.jobs)) {
    if (job.uses && /\/\.github\/workflows\/blue-green\.yml@/.test(job.uses)) {
      for (const key of Object.keys(job.with ?? {})) if (!call.inputs?.[key]) problems.push(`${name} passes ${key}, which the reusable workflow does not declare`)
      for (const [key, spec] of Object.entries(call.inputs ?? {})) if (spec.required && job.with?.[key] === undefined) problems.push(`${name} does not pass the required input ${key}`)
      if (job.secrets !== 'inherit') {
        for (const key of Object.keys(job.secrets ?? {})) if (!call.secrets?.[key]) problems.push(`${name} passes the secret ${key}, which the reusable workflow does not declare`)
      }
      const granted = { ...permissionMap(caller.permissions), ...permissionMap(job.permissions) }
      for (const [scope, level] of Object.entries(needed)) {
        const has = granted[scope] ?? granted['*']
        if (has !== level && has !== 'write') problems.push(`${name} grants ${scope}: ${has ?? 'none'}, the called workflow needs ${level} (the run would not start)`)
      }
    }
    for (const step of job.steps ?? []) {
      if (!step.uses || !/(^|\/)rds-blue-green@/.test(step.uses)) continue
      for (const key of Object.keys(step.with ?? {})) if (!action.inputs[key]) problems.push(`${name} gives the action '${key}', which action.yml does not declare`)
      for (const [key, spec] of Object.entries(action.inputs)) if (spec.required && step.with?.[key] === undefined) problems.push(`${name} does not give the action its required input ${key}`)
    }
  }
  return problems
}
