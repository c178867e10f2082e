// The project's own GitHub workflows: least privilege, actions pinned to a major version.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { REPO_ROOT } from '../helpers/run-action.js'

const dir = join(REPO_ROOT, '.github', 'workflows')
const own = ['ci.yml', 'check-dist.yml']

interface Workflow {
  permissions?: Record<string, string>
  jobs: Record<string, { permissions?: Record<string, string>; steps?: { uses?: string; run?: string }[] }>
}

describe.each(own)('%s', (file) => {
  const workflow = parse(readFileSync(join(dir, file), 'utf8')) as Workflow

  it('reads the repository and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    for (const job of Object.values(workflow.jobs)) expect(job.permissions).toBeUndefined()
  })

  it('pins every action to a major version', () => {
    const uses = Object.values(workflow.jobs).flatMap((j) => (j.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : [])))
    expect(uses.length).toBeGreaterThan(0)
    for (const u of uses) expect(u).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/)
  })
})

it('runs the CI script in CI', () => {
  const ci = parse(readFileSync(join(dir, 'ci.yml'), 'utf8')) as Workflow
  expect(ci.jobs.ci?.steps?.some((s) => s.run === 'bash .ci/run')).toBe(true)
})

it('checks every workflow of the repository (blue-green.yml in blue-green-workflow.test.ts)', () => {
  expect(readdirSync(dir).sort()).toEqual([...own, 'blue-green.yml'].sort())
})
