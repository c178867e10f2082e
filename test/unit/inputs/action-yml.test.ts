// action.yml and the code must agree: the runner only passes declared inputs (with
// action.yml's defaults), while `node dist/index.js` outside a runner relies on the
// parser's defaults, and modes may set only declared outputs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { INPUT_DEFAULTS, INPUT_NAMES } from '../../../src/inputs/index.js'
import { ACTION_YML_EXPRESSION_DEFAULTS } from '../../../src/inputs/spec.js'
import { OUTPUT_NAMES } from '../../../src/report/outputs.js'
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

  it('declares exactly the inputs the parser reads, with the same defaults', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort())
    for (const name of INPUT_NAMES) {
      const declared = action.inputs[name]
      const expected = ACTION_YML_EXPRESSION_DEFAULTS[name] ?? INPUT_DEFAULTS[name]
      if (declared?.required) {
        expect([name, declared.default]).toEqual([name, undefined])
      } else {
        expect([name, String(declared?.default)]).toEqual([name, expected])
      }
    }
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

  it('declares exactly the outputs modes can set', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
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
