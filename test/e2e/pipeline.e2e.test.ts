// The pipeline around a mode, run as the runner runs the action (INPUT_*, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, RUNNER_TEMP): dry-run lists the change and sends nothing; a real
// run makes it; outputs, summary and JSON report are written; fail-on decides the step;
// a crashing mode still publishes a report. The mode itself is scripted
// (test/fixtures/scripted-mode-action.ts) because the real ones have not landed yet.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { queryParams, startHttpStub, type HttpStub } from '../helpers/http-stub.js'
import { REPO_ROOT, runAction, type RunActionOptions } from '../helpers/run-action.js'

let rds: HttpStub
const temps: string[] = []

beforeAll(async () => {
  rds = await startHttpStub((req) => {
    const id = queryParams(req.body).DBInstanceIdentifier
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<RebootDBInstanceResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><RebootDBInstanceResult><DBInstance><DBInstanceIdentifier>${id}</DBInstanceIdentifier><DBInstanceStatus>rebooting</DBInstanceStatus></DBInstance></RebootDBInstanceResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></RebootDBInstanceResponse>`,
    }
  })
})
afterAll(async () => {
  await rds.close()
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})
beforeEach(() => {
  rds.requests.length = 0
})

async function scripted(script: string, inputs: Record<string, string> = {}): Promise<Awaited<ReturnType<typeof runAction>>> {
  const options: RunActionOptions = {
    entry: join(REPO_ROOT, 'test/fixtures/scripted-mode-action.ts'),
    nodeArgs: ['--import', 'tsx'],
    inputs: { mode: 'verify', source: 'orders-db', 'aws-region': 'us-east-1', 'db-user': 'admin', 'db-password': 'pw-e2e-secret', ...inputs },
    env: { SCRIPT: script, AWS_ENDPOINT_URL_RDS: rds.url, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
    keepTemp: true,
  }
  const result = await runAction(options)
  temps.push(result.runnerTemp)
  return result
}

describe('the pipeline around a mode', () => {
  it('dry-run: lists the call, sends nothing, and says so in the summary and the report', async () => {
    const result = await scripted('change', { 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(rds.requests).toEqual([])
    expect(result.logLines).toContain('dry-run: would run RebootDBInstance {"DBInstanceIdentifier":"orders-db"}')
    expect(result.summary).toContain('**Calls a real run would make**')
    expect(result.summary).toContain('1. `RebootDBInstance {"DBInstanceIdentifier":"orders-db"}` (would run)')
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as { dryRun: boolean; actions: { outcome: string }[] }
    expect(report.dryRun).toBe(true)
    expect(report.actions.map((a) => a.outcome)).toEqual(['skipped'])
    expect(result.outputs.status).toBe('unchanged')
  })

  it('a real run makes the call and writes outputs, summary and JSON report', async () => {
    const result = await scripted('change')
    expect(result.exitCode).toBe(0)
    expect(rds.requests.map((r) => queryParams(r.body).Action)).toEqual(['RebootDBInstance'])
    expect(result.lines[0]).toBe('rds-blue-green 0.1.0: mode verify')
    expect(result.outputs).toEqual({
      status: 'rebooting',
      ready: 'true',
      'replica-lag-ms': '12',
      'report-path': join(result.runnerTemp, 'rds-blue-green', 'orders-db-verify.json'),
      verdict: 'ok',
    })
    expect(existsSync(result.outputs['report-path']!)).toBe(true)
    expect(result.summary.split('\n')[0]).toBe('### ✅ verify: done')
    // The comment's notice, then the verdict's, which is also the last line.
    expect(result.notices).toEqual(['Pull-request comment skipped: there is no github-token', result.lines.at(-1)])
    expect(result.lines.at(-1)).toMatch(/^rds-blue-green verify: ✅ verify: done · replica lag 12 ms · 0 errors, 0 warnings · \d+\.\d s$/)
    for (const text of [result.stdout, result.summary, readFileSync(result.outputs['report-path']!, 'utf8')]) {
      expect(text.replace(/::add-mask::.*/g, '')).not.toContain('pw-e2e-secret')
    }
  })

  it('fail-on: warning fails the step on a warning; the default does not', async () => {
    const lenient = await scripted('warn')
    expect(lenient.exitCode).toBe(0)
    const strict = await scripted('warn', { 'fail-on': 'warning' })
    expect(strict.exitCode).toBe(1)
    expect(strict.errors).toEqual(['verify: 1 warning(s) with fail-on: warning (GREEN_WRITABLE)'])
  })

  it('a crashing mode still publishes its report with RUN_FAILED, and fails with one line', async () => {
    const result = await scripted('crash')
    expect(result.exitCode).toBe(1)
    // RUN_FAILED as an annotation with its remedy, then the step's failure line.
    expect(result.errors).toEqual([
      'orders-db: lost the connection to orders-db at step 2\nRemedy: Fix the cause above and run the step again: every mode is idempotent and resumes where it stopped.',
      'lost the connection to orders-db at step 2',
    ])
    expect(result.lines.at(-1)).toMatch(/^rds-blue-green verify: ❌ verify failed: lost the connection to orders-db at step 2 · /)
    expect(result.outputs.verdict).toBe('failed')
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as { findings: { code: string }[] }
    expect(report.findings.map((f) => f.code)).toEqual(['RUN_FAILED', 'STARTED'])
    expect(result.summary).toContain('`RUN_FAILED`')
  })
})
