// A mistyped `source`: switchover and cleanup report SOURCE_NOT_FOUND naming the database
// they looked for, fail, and make no change (no mutating RDS call reaches the sandbox).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('a source that does not exist', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop', sampleData: false }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it.each(['switchover', 'cleanup'])('%s reports SOURCE_NOT_FOUND, fails, and changes nothing', async (mode) => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode, source: 'shopp' })
    expect(report.verdict.ok).toBe(false)
    expect(report.findings[0]).toMatchObject({
      level: 'error',
      code: 'SOURCE_NOT_FOUND',
      subject: 'shopp',
      message: 'No DB instance or Aurora DB cluster named "shopp" in this account and Region (check \'source\' and \'aws-region\')',
    })
    expect(calls.mutatingSince(mark)).toEqual([])
  })
})
