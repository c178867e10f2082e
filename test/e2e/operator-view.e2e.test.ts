// What the operator sees, through the bundled action (dist/index.js) run as the runner runs
// it: the log, the annotations on the run page and in the pull request's diff, and the job
// summary. The action reaches the sandbox only through the standard variables.
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { REPO_ROOT, runAction } from '../helpers/run-action.js'
import { createDeployment, runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

describe('dist/index.js: verify with a migration lint', () => {
  let sandbox: Sandbox
  const temps: string[] = []
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 50 } })
    await createDeployment(sandbox, rdsClient(sandbox), 'orders')
  })
  afterAll(async () => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true })
    await sandbox?.stop()
  })

  it('lints the migrations with the lazily loaded SQL grammars and names file and line', async () => {
    const file = 'test/fixtures/verify-migrations/20250101_01_books.sql'
    const result = await runAction({
      inputs: { mode: 'verify', source: 'orders', ...sandboxInputs(sandbox), migrations: 'test/fixtures/verify-migrations/*.sql' },
      env: runnerEnv(sandbox),
      workspace: REPO_ROOT,
      keepTemp: true,
    })
    temps.push(result.runnerTemp)
    expect(result.summary).toContain(`${file}:6`)
    expect(result.summary).toContain('SCHEMA_COLUMN_RENAMED')
  }, 90_000)
})
