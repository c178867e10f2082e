// What the operator sees, through the bundled action (dist/index.js) run as the runner runs
// it: the log (one group per phase, the verdict with its figures as the last line), the
// annotations on the run page and in the pull request's diff, and the job summary. The
// action reaches the sandbox only through the standard variables.
import { DescribeBlueGreenDeploymentsCommand } from '@aws-sdk/client-rds'
import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import type { Report } from '../../src/report/types.js'
import { type ActionResult, REPO_ROOT, runAction, type RunActionOptions } from '../helpers/run-action.js'
import { createDeployment, runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

type Run = ActionResult & { report: Report; /** When each stdout line arrived (ms since the step started). */ arrivals: { at: number; line: string }[] }

async function run(sandbox: Sandbox, inputs: Record<string, string>, options: Partial<RunActionOptions> = {}): Promise<Run> {
  const started = Date.now()
  const arrivals: { at: number; line: string }[] = []
  let partial = ''
  const result = await runAction({
    inputs: { ...sandboxInputs(sandbox), ...inputs },
    env: runnerEnv(sandbox),
    keepTemp: true,
    timeoutMs: 120_000,
    onStdout: (chunk) => {
      const at = Date.now() - started
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      for (const line of parts) arrivals.push({ at, line })
    },
    ...options,
  })
  temps.push(result.runnerTemp)
  return { ...result, arrivals, report: JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as Report }
}

/** Groups open and close in pairs, never nested, and the verdict line is the last line, outside them. */
function expectPhasesAndVerdict(result: Run) {
  let open = false
  for (const line of result.lines) {
    if (line.startsWith('::group::')) {
      expect(open).toBe(false)
      open = true
    }
    if (line === '::endgroup::') open = false
  }
  expect(open).toBe(false)
  expect(result.lines.filter((l) => l.startsWith('::group::')).length).toBeGreaterThanOrEqual(3)
  const last = result.lines.at(-1) ?? ''
  expect(last).toContain(`rds-blue-green ${result.report.mode}`)
  expect(last).toContain(result.report.verdict.headline)
}

describe('dist/index.js: a prepare that fails', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'legacy', backupRetention: 0 }, timings: { taskMs: 50 } })
  })
  afterAll(async () => sandbox?.stop())

  it('emits one ::error:: per error finding, titled with its code and carrying the remedy, and ends with the verdict', async () => {
    const result = await run(sandbox, { mode: 'prepare', source: 'legacy' })
    expect(result.exitCode).toBe(1)
    const errors = result.report.findings.filter((f) => f.level === 'error')
    const warnings = result.report.findings.filter((f) => f.level === 'warning')
    expect(errors.length).toBeGreaterThanOrEqual(1)
    const titled = result.annotations.filter((a) => a.level === 'error' && a.properties.title)
    expect(titled.map((a) => a.properties.title).sort()).toEqual(errors.map((f) => f.code).sort())
    for (const f of errors) {
      const annotation = titled.find((a) => a.properties.title === f.code)!
      expect(annotation.message).toBe(`${f.subject}: ${f.message}\nRemedy: ${f.remedy}`)
    }
    const warned = result.annotations.filter((a) => a.level === 'warning' && a.properties.title)
    expect(warned.map((a) => a.properties.title).sort()).toEqual(warnings.map((f) => f.code).sort())
    // The step's own failure line, and no notice: it did not succeed.
    expect(result.annotations.filter((a) => a.level === 'error' && !a.properties.title).map((a) => a.message)).toEqual([result.report.verdict.headline])
    expect(result.annotations.filter((a) => a.level === 'notice' && a.properties.title?.startsWith('rds-blue-green'))).toEqual([])
    expectPhasesAndVerdict(result)
    expect(result.lines.at(-1)).toMatch(/^rds-blue-green prepare: ❌ prepare: legacy is not ready for create: .* · \d+ errors?, \d+ warnings? · \d+\.\d s$/)
  }, 90_000)
})

describe('dist/index.js: verify', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 50 } })
    await createDeployment(sandbox, rdsClient(sandbox), 'orders')
  })
  afterAll(async () => sandbox?.stop())

  it('ready: a notice with the verdict, which is also the last line', async () => {
    const result = await run(sandbox, { mode: 'verify', source: 'orders' })
    expect(result.exitCode).toBe(0)
    const notice = result.annotations.find((a) => a.level === 'notice' && a.properties.title === 'rds-blue-green verify')
    expect(notice?.message).toBe(result.lines.at(-1))
    expect(notice?.message).toMatch(/^rds-blue-green verify: ✅ orders: green is ready to switch over .* · replica lag \d[\d,]* ms · 0 errors, \d+ warnings? · \d+\.\d s$/)
    expectPhasesAndVerdict(result)
  }, 90_000)

  it('a migration finding is annotated on its file and line, after linting with the lazily loaded grammars', async () => {
    const file = 'test/fixtures/verify-migrations/20250101_01_books.sql'
    const result = await run(sandbox, { mode: 'verify', source: 'orders', migrations: 'test/fixtures/verify-migrations/*.sql' }, { workspace: REPO_ROOT })
    expect(result.exitCode).toBe(1)
    const renamed = result.annotations.find((a) => a.properties.title === 'SCHEMA_COLUMN_RENAMED')
    expect(renamed).toMatchObject({ level: 'error', properties: { file, line: '6' } })
    expect(renamed?.message).toContain('Remedy: ')
    const unparseable = result.annotations.find((a) => a.properties.title === 'MIGRATION_UNPARSEABLE')
    expect(unparseable).toMatchObject({ level: 'warning', properties: { file, line: '9' } })
    expect(result.report.findings.find((f) => f.code === 'SCHEMA_COLUMN_RENAMED')?.location).toEqual({ file, line: 6 })
  }, 90_000)
})

describe('dist/index.js: a slow create', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 50 } })
  })
  afterAll(async () => sandbox?.stop())

  // Real creations take tens of minutes and the default progress-interval is 30 s, which keeps
  // every gap under 60 s. Scaled down with the same ratio: creation held ~18 s by the
  // sandbox's slow-provisioning fault, progress-interval 3 s, no gap above 6 s.
  it('logs at least every progress-interval while it waits, with what it waits for, the status and the time waited', async () => {
    sandbox.faults.slowProvisioningMs = 18_000
    const result = await run(sandbox, { mode: 'create', source: 'orders', 'progress-interval': '3s' })
    expect(result.exitCode).toBe(0)
    const follow = result.arrivals.filter((a) => /^(still )?waiting for deployment bgd-\w+ to be AVAILABLE: PROVISIONING/.test(a.line))
    expect(follow.length).toBeGreaterThanOrEqual(4)
    for (const a of follow) expect(a.line).toMatch(/: PROVISIONING: CREATING_READ_REPLICA_OF_SOURCE \w+.* \(\d+ s elapsed of at most [12] h \d\d min\)$/)
    const waited = result.arrivals.filter((a) => a.at >= follow[0]!.at && a.at <= follow.at(-1)!.at)
    const gaps = waited.slice(1).map((a, i) => a.at - waited[i]!.at)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(6000)
    // Over the whole step too, from its first line to its last.
    const all = result.arrivals.slice(1).map((a, i) => a.at - result.arrivals[i]!.at)
    expect(Math.max(...all)).toBeLessThanOrEqual(6000)
    expectPhasesAndVerdict(result)
  }, 120_000)
})

describe('dist/index.js: a switchover', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders' },
      timings: { taskMs: 50, switchover: { readOnlyMs: 1500, unavailableMs: 1500, unavailableMode: 'refuse', postProcessingMs: 300 } },
    })
    await createDeployment(sandbox, rdsClient(sandbox), 'orders')
  })
  afterAll(async () => sandbox?.stop())

  it('logs each probe state change and RDS status while they happen, and ends with the verdict', async () => {
    const result = await run(sandbox, { mode: 'switchover', source: 'orders', 'probe-interval': '200ms', 'probe-tail': '3s' })
    expect(result.exitCode).toBe(0)
    const { BlueGreenDeployments } = await rdsClient(sandbox).send(new DescribeBlueGreenDeploymentsCommand({}))
    const trace = sandbox.state.deployments.get(BlueGreenDeployments![0]!.BlueGreenDeploymentIdentifier!)!.switchoverTrace!
    const line = (pattern: RegExp) => {
      const found = result.arrivals.find((a) => pattern.test(a.line))
      expect([pattern.source, found !== undefined]).toEqual([pattern.source, true])
      return found!
    }
    const readOnly = line(/^probe \d+ at \d\d:\d\d:\d\d\.\d{3} UTC: first failure: writes refused, read-only \(1290\)/)
    const refused = line(/^probe \d+ at .* UTC: connection refused/)
    const recovered = line(/^probe \d+ at .* UTC: recovered after \d+\.\d s of failed writes: ok: connected, read and wrote on /)
    const completed = line(/^RDS status at .* UTC: SWITCHOVER_COMPLETED/)
    expect(readOnly.at).toBeLessThan(refused.at)
    expect(refused.at).toBeLessThanOrEqual(recovered.at)
    // While they happen: the failures are logged before RDS reported the end, and the
    // recovery before the 3 s probe tail was over, not when the report was written.
    expect(readOnly.at).toBeLessThanOrEqual(completed.at)
    const verdict = result.arrivals.at(-1)!
    expect(verdict.at - recovered.at).toBeGreaterThan(1500)
    expect(trace.completedAt).toBeDefined()
    expectPhasesAndVerdict(result)
    expect(verdict.line).toMatch(/^rds-blue-green switchover: ✅ switchover completed in .* · writes interrupted [\d,]+ ms · reads interrupted [\d,]+ ms · 0 lost writes · /)
  }, 120_000)
})
