// What the operator sees, through the bundled action (dist/index.js) run as the runner runs
// it: the log (one group per phase, the verdict with its figures as the last line), the
// annotations on the run page and in the pull request's diff, and the job summary. The
// action reaches the sandbox only through the standard variables.
import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import type { Report } from '../../src/report/types.js'
import { type ActionResult, REPO_ROOT, runAction, type RunActionOptions } from '../helpers/run-action.js'
import { createDeployment, runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

const temps: string[] = []
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

async function run(sandbox: Sandbox, inputs: Record<string, string>, options: Partial<RunActionOptions> = {}): Promise<ActionResult & { report: Report }> {
  const result = await runAction({ inputs: { ...sandboxInputs(sandbox), ...inputs }, env: runnerEnv(sandbox), keepTemp: true, ...options })
  temps.push(result.runnerTemp)
  return { ...result, report: JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as Report }
}

/** Groups open and close in pairs, never nested, and the verdict line is the last line, outside them. */
function expectPhasesAndVerdict(result: ActionResult & { report: Report }) {
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
