// action.yml as the runner reads it. Its inputs and outputs are generated from
// src/inputs/spec.ts and src/report/outputs.ts (test/unit/docs.test.ts checks they are
// current); what is checked here is what a user of the action relies on.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { VERSION } from '../../../src/version.js'
import { REPO_ROOT } from '../../helpers/run-action.js'

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('requires mode and source, nothing else', () => {
    const required = Object.entries(action.inputs).filter(([, v]) => v.required).map(([k]) => k)
    expect(required.sort()).toEqual(['mode', 'source'])
  })

  it('gives every input and output a description of some substance', () => {
    for (const [name, spec] of [...Object.entries(action.inputs), ...Object.entries(action.outputs)]) {
      expect([name, spec.description.length > 30]).toEqual([name, true])
    }
  })

  it('uses the names of aws-actions/configure-aws-credentials where they overlap', () => {
    for (const name of ['aws-region', 'role-to-assume', 'role-session-name', 'role-duration-seconds', 'audience', 'retry-max-attempts']) {
      expect(action.inputs).toHaveProperty([name])
    }
  })

  it('is documented: the README lists every input and output', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    const missing = [...Object.keys(action.inputs), ...Object.keys(action.outputs)].filter((n) => !readme.includes(`| \`${n}\` |`))
    expect(missing).toEqual([])
  })

  it('has the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })
})
