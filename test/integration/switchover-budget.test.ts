// The downtime budget: a switchover whose measured write or read interruption is longer than
// max-write-downtime / max-read-downtime reports a warning naming the figure, the budget and
// what makes interruptions long; with fail-on: warning that fails the step. Within budget:
// no such finding.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { stepFailure } from '../../src/main.js'
import { createDeployment, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('switchover: the downtime budget', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders' },
      timings: { taskMs: 50, switchover: { readOnlyMs: 800, unavailableMs: 800, unavailableMode: 'refuse', postProcessingMs: 100 } },
    })
    await createDeployment(sandbox, rdsClient(sandbox), 'orders')
  })
  afterAll(async () => sandbox?.stop())

  it('an interruption longer than the budget is a warning with the figures and the causes; fail-on: warning fails the step', async () => {
    const { report } = await runModeOnSandbox(sandbox, {
      mode: 'switchover',
      source: 'orders',
      'probe-interval': '100ms',
      'probe-tail': '1s',
      'max-write-downtime': '500ms',
      'max-read-downtime': '1h',
    })
    expect(report.outputs.status).toBe('SWITCHOVER_COMPLETED')
    const write = Number(report.outputs['write-downtime-ms'])
    expect(write).toBeGreaterThan(500)
    const over = report.findings.filter((f) => f.code.endsWith('_OVER_BUDGET'))
    expect(over.map((f) => [f.level, f.code])).toEqual([['warning', 'WRITE_DOWNTIME_OVER_BUDGET']])
    expect(over[0]?.message).toMatch(new RegExp(`^Writes through 127\\.0\\.0\\.1:\\d+ failed for ${write.toLocaleString('en-US')} ms in all \\(the longest interruption [\\d,]+ ms, probed every 100 ms\\), above max-write-downtime \\(500 ms\\)\\.$`))
    expect(over[0]?.remedy).toMatch(/DNS .* 5 s TTL.*long transactions or DDL on blue.*raise max-write-downtime\.$/)
    expect(report.verdict.ok).toBe(true)
    expect(stepFailure(report, { failOn: 'error' })).toBeUndefined()
    expect(stepFailure(report, { failOn: 'warning' })).toMatch(/WRITE_DOWNTIME_OVER_BUDGET/)
  }, 90_000)
})
