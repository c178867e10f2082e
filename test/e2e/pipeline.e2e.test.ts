// The pipeline around every mode, through the bundled action (dist/index.js) run as the
// runner runs it, on the sandbox: the step that finds the source and its deployment gives
// the same finding in all five modes; a dry run lists the calls and makes none; fail-on
// decides the step; an unexpected error still publishes the report with RUN_FAILED.
import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { MODES } from '../../src/mode.js'
import type { Report } from '../../src/report/types.js'
import { runAction } from '../helpers/run-action.js'
import { CallLog, rdsSnapshot, runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'

describe('dist/index.js: the pipeline around a mode', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  const temps: string[] = []
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop', backupRetention: 0, sampleData: false }, onCall: calls.record })
  })
  afterAll(async () => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true })
    await sandbox?.stop()
  })

  const run = async (inputs: Record<string, string>) => {
    const result = await runAction({ inputs: { source: 'shop', ...sandboxInputs(sandbox), ...inputs }, env: runnerEnv(sandbox), keepTemp: true })
    temps.push(result.runnerTemp)
    const report = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as Report
    return { ...result, report }
  }

  it('a mistyped source: SOURCE_NOT_FOUND in every mode, the step fails with one line, nothing changes', async () => {
    const before = rdsSnapshot(sandbox)
    const mark = calls.mark()
    const results = await Promise.all(MODES.map((mode) => run({ mode, source: 'shopp' })))
    const message = 'No DB instance or Aurora DB cluster named "shopp" in this account and Region (check \'source\' and \'aws-region\')'
    for (const [i, result] of results.entries()) {
      // The finding as an annotation (subject, message, remedy), then the step's failure line.
      expect([MODES[i], result.exitCode, result.errors]).toEqual([MODES[i], 1, [expect.stringContaining(`shopp: ${message}`), `${MODES[i]}: SOURCE_NOT_FOUND: ${message}`]])
      expect(result.report.findings).toEqual([{ level: 'error', code: 'SOURCE_NOT_FOUND', subject: 'shopp', message, remedy: expect.stringContaining("Check 'source' and 'aws-region'") }])
      expect(result.outputs.verdict).toBe('failed')
    }
    expect(calls.since(mark).map((c) => c.action)).toEqual(Array(MODES.length * 2).fill(expect.stringMatching(/^DescribeDB(Instances|Clusters)$/)))
    expect(rdsSnapshot(sandbox)).toEqual(before)
  })

  it('dry-run: lists the calls a real run would make, makes none, and says so', async () => {
    const before = rdsSnapshot(sandbox)
    const mark = calls.mark()
    const result = await run({ mode: 'prepare', apply: 'true', 'backup-retention-period': '1', 'dry-run': 'true' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(rdsSnapshot(sandbox)).toEqual(before)
    expect(result.logLines).toContain('dry-run: would run ModifyDBInstance {"DBInstanceIdentifier":"shop","BackupRetentionPeriod":1,"ApplyImmediately":true}')
    expect(result.summary).toContain('**Calls a real run would make**')
    expect(result.report.dryRun).toBe(true)
    expect(result.report.actions?.length).toBeGreaterThan(0)
    expect(result.report.actions?.every((a) => a.outcome === 'skipped')).toBe(true)
  })

  it('fail-on: warning fails the step on a warning; the default does not', async () => {
    await sandbox.server('shop').query('CREATE DATABASE IF NOT EXISTS app')
    await sandbox.server('shop').query('CREATE TABLE IF NOT EXISTS app.log_lines (line TEXT) ENGINE=InnoDB')
    // binlog-format ROW: the default group's, so the only thing left to report is the table.
    const lenient = await run({ mode: 'prepare', 'binlog-format': 'ROW', 'backup-retention-period': '1', apply: 'true' })
    expect(lenient.report.findings.filter((f) => f.level !== 'info').map((f) => `${f.level} ${f.code}`)).toEqual(['warning TABLE_WITHOUT_PRIMARY_KEY'])
    expect(lenient.exitCode).toBe(0)
    const strict = await run({ mode: 'prepare', 'binlog-format': 'ROW', 'fail-on': 'warning' })
    expect(strict.exitCode).toBe(1)
    expect(strict.errors).toEqual(['prepare: 1 warning(s) with fail-on: warning (TABLE_WITHOUT_PRIMARY_KEY)'])
  })

  it('an unexpected error still publishes the report with RUN_FAILED, and fails the step with one line', async () => {
    sandbox.faults.throttle('DescribeBlueGreenDeployments', 1)
    const result = await run({ mode: 'verify', 'retry-max-attempts': '1' })
    expect(result.exitCode).toBe(1)
    // RUN_FAILED as an annotation with its remedy, then the step's failure line.
    expect(result.errors).toEqual([expect.stringMatching(/^shop: Throttling: /), expect.stringMatching(/^Throttling: /)])
    expect(result.outputs.verdict).toBe('failed')
    expect(result.report.findings.map((f) => f.code)).toEqual(['RUN_FAILED'])
    expect(result.summary).toContain('`RUN_FAILED`')
  })
})
