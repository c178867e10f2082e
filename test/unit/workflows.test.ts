// The project's own GitHub workflows: least privilege, actions pinned to a major version.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { REPO_ROOT } from '../helpers/run-action.js'

const dir = join(REPO_ROOT, '.github', 'workflows')
const readOnly = ['ci.yml', 'check-dist.yml']

interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { if?: string; permissions?: Record<string, string>; steps?: { uses?: string; run?: string }[] }>
}

const read = (file: string) => parse(readFileSync(join(dir, file), 'utf8')) as Workflow

describe.each(readOnly)('%s', (file) => {
  const workflow = read(file)

  it('reads the repository and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined()
  })
})

describe.each([...readOnly, 'release.yml'])('%s', (file) => {
  it('pins every action to a major version', () => {
    const workflow = read(file)
    const uses = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])))
    expect(uses.length).toBeGreaterThan(0)
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/)
  })
})

describe('release.yml', () => {
  const release = read('release.yml')

  it('runs only after CI passed on a push to main of this repository', () => {
    expect(release.on).toEqual({ workflow_run: { workflows: ['CI'], types: ['completed'], branches: ['main'] } })
    const condition = release.jobs.release?.if ?? ''
    expect(condition).toContain("github.event.workflow_run.conclusion == 'success'")
    expect(condition).toContain("github.event.workflow_run.event == 'push'")
    expect(condition).toContain('github.event.workflow_run.head_repository.full_name == github.repository')
  })

  it('may write tags and releases in its one job, nothing else', () => {
    expect(release.permissions).toEqual({})
    expect(release.jobs.release?.permissions).toEqual({ contents: 'write' })
  })

  it('tags with scripts/release/tag.sh (tested in release.test.ts)', () => {
    expect(release.jobs.release?.steps?.some((s) => s.run?.startsWith('bash scripts/release/tag.sh'))).toBe(true)
  })
})

it('runs the CI script in CI', () => {
  const ci = read('ci.yml')
  expect(ci.jobs.ci?.steps?.some((s) => s.run === 'bash .ci/run')).toBe(true)
})

it('checks every workflow of the repository (blue-green.yml in blue-green-workflow.test.ts)', () => {
  expect(readdirSync(dir).sort()).toEqual([...readOnly, 'release.yml', 'blue-green.yml'].sort())
})
