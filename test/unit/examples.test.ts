// The caller workflows users copy (examples/): each calls the reusable workflow or the
// action with inputs that exist, grants what the called jobs need, and does what its
// header says (trigger, fleet waves, changed migrations only, scheduled verify).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { REPO_ROOT } from '../helpers/run-action.js'
import { type Workflow, REUSABLE_PATH, checkCaller, readActionSpec, readWorkflow } from '../helpers/workflow-checks.js'

const dir = join(REPO_ROOT, 'examples')
const action = readActionSpec()
const reusable = readWorkflow(REUSABLE_PATH)
const example = (file: string): Workflow => readWorkflow(join(dir, file))
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'))

it('has the four examples', () => {
  expect(files.sort()).toEqual(['fleet.yml', 'pr-migrations.yml', 'release.yml', 'scheduled-verify.yml'])
})

describe.each(files)('%s', (file) => {
  it('calls the workflow or the action with declared inputs and enough permissions', () => {
    expect(checkCaller(example(file), reusable, action)).toEqual([])
  })
})

describe('the checks on callers catch', () => {
  it('a caller job that grants less than the called workflow needs', () => {
    const wf = example('release.yml')
    delete (wf.jobs.release!.permissions as Record<string, string>)['pull-requests']
    expect(checkCaller(wf, reusable, action)).toEqual([expect.stringMatching(/release grants pull-requests: none, the called workflow needs write/)])
  })

  it('an input the reusable workflow does not have, and a missing required one', () => {
    const wf = example('release.yml')
    wf.jobs.release!.with!['engine-version'] = '8.4'
    delete wf.jobs.release!.with!['aws-region']
    const problems = checkCaller(wf, reusable, action).join('\n')
    expect(problems).toMatch(/passes engine-version/)
    expect(problems).toMatch(/does not pass the required input aws-region/)
  })

  it('an action input that does not exist', () => {
    const wf = example('scheduled-verify.yml')
    wf.jobs.verify!.steps![0]!.with!['max-lag'] = '2s'
    expect(checkCaller(wf, reusable, action)).toEqual([expect.stringMatching(/gives the action 'max-lag'/)])
  })
})

describe('release.yml', () => {
  const wf = example('release.yml')
  it('is started by hand and calls the reusable workflow with the password as a secret', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch'])
    expect(wf.jobs.release?.uses).toMatch(/\/\.github\/workflows\/blue-green\.yml@v\d+$/)
    expect(wf.jobs.release?.secrets).toEqual({ DB_PASSWORD: expect.stringMatching(/^\$\{\{ secrets\.\w+ \}\}$/) })
  })
})

describe('fleet.yml', () => {
  const wf = example('fleet.yml')
  it('runs a canary, then the rest in a matrix of at most two at a time, each with its own gates', () => {
    const wave = wf.jobs['wave-2']!
    expect(wave.needs).toBe('canary')
    expect(wave.strategy?.['max-parallel']).toBe(2)
    expect(wave.strategy?.['fail-fast']).toBe(false)
    const include = (wave.strategy?.matrix as { include: { source: string; region: string }[] }).include
    expect(new Set(include.map((d) => `${d.region}/${d.source}`)).size).toBe(include.length)
    for (const key of ['switchover-environment', 'cleanup-environment']) {
      expect(wave.with?.[key]).toMatch(/\$\{\{ matrix\.region \}\}-\$\{\{ matrix\.source \}\}/)
      expect(wf.jobs.canary?.with?.[key]).toContain(String(wf.jobs.canary?.with?.source))
    }
    expect(wave.with?.source).toBe('${{ matrix.source }}')
  })
})

describe('pr-migrations.yml', () => {
  const wf = example('pr-migrations.yml')
  const job = wf.jobs.verify!
  it('runs on pull requests that touch .sql migrations and lints only the changed files', () => {
    expect((wf.on.pull_request as { paths: string[] }).paths).toEqual(['db/migrations/**.sql'])
    const changed = job.steps!.find((s) => s.id === 'changed')!
    expect(changed.run).toMatch(/git diff --name-only --diff-filter=ACMR "\$BASE"\.\.\.HEAD -- 'db\/migrations\/\*\.sql'/)
    expect(changed.env?.BASE).toBe('${{ github.event.pull_request.base.sha }}')
    const verify = job.steps!.find((s) => s.uses?.includes('rds-blue-green@'))!
    expect(verify.with).toMatchObject({ mode: 'verify', migrations: '${{ steps.changed.outputs.files }}' })
    // The diff needs the base commit: a shallow checkout would not have it.
    expect(job.steps![0]!.with?.['fetch-depth']).toBe(0)
  })
  it('comments on the pull request and may do nothing else', () => {
    expect(job.permissions).toEqual({ 'id-token': 'write', contents: 'read', 'pull-requests': 'write' })
  })
})

describe('scheduled-verify.yml', () => {
  const wf = example('scheduled-verify.yml')
  it('verifies on a schedule, without commenting, keeping the report', () => {
    expect(wf.on.schedule).toEqual([{ cron: expect.any(String) }])
    const steps = wf.jobs.verify!.steps!
    expect(steps[0]!.with).toMatchObject({ mode: 'verify', 'pr-comment': 'never' })
    expect(wf.jobs.verify!.permissions).toEqual({ 'id-token': 'write' })
    expect(steps.some((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.path).includes('report-path'))).toBe(true)
  })
})
