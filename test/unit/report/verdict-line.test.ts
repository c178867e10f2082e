// The last line of the log: the verdict, the figures that matter for the mode, and a mark
// that follows whether the step fails (fail-on: warning can fail an ok verdict).
import { describe, expect, it } from '@jest/globals'
import { ReportBuilder } from '../../../src/report/builder.js'
import { verdictLine } from '../../../src/report/verdict-line.js'
import { finding } from '../../../src/findings/finding.js'

function switchoverReport() {
  let t = Date.UTC(2026, 10, 25, 12, 0, 0)
  const b = new ReportBuilder('switchover', 'orders', false, () => (t += 2100))
  b.output('deployment-id', 'bgd-abc').output('status', 'SWITCHOVER_COMPLETED').output('write-downtime-ms', 1234).output('read-downtime-ms', 800).output('lost-writes', 0)
  b.finding(finding({ code: 'WRITE_DOWNTIME_OVER_BUDGET', subject: 'orders', message: 'm', remedy: 'r' }))
  b.verdict(true, 'switchover completed in 4.2 s')
  return b.build()
}

describe('verdictLine', () => {
  it('gives the headline with the outputs that matter, the finding counts and the duration', () => {
    expect(verdictLine(switchoverReport())).toBe(
      'rds-blue-green switchover: ✅ switchover completed in 4.2 s · deployment bgd-abc SWITCHOVER_COMPLETED · writes interrupted 1,234 ms · reads interrupted 800 ms · 0 lost writes · 0 errors, 1 warning · 2.1 s',
    )
  })

  it('shows a cross and why when an ok verdict still fails the step', () => {
    expect(verdictLine(switchoverReport(), 'switchover: 1 warning(s) with fail-on: warning')).toMatch(
      /^rds-blue-green switchover: ❌ switchover completed in 4\.2 s \(step failed: switchover: 1 warning\(s\) with fail-on: warning\) · /,
    )
  })

  it('marks a dry run', () => {
    const b = new ReportBuilder('prepare', 'orders', true, () => 0)
    b.verdict(true, 'prepare (dry run): orders: 1 change would be made')
    expect(verdictLine(b.build())).toBe('rds-blue-green prepare (dry run): ✅ prepare (dry run): orders: 1 change would be made · 0 errors, 0 warnings · 0.0 s')
  })
})
