// The documentation under docs/: the generated reference is in sync with its sources
// (action.yml, the reusable workflow, the finding catalogue, the IAM policy data), every
// code has a fix, and the hand-written pages agree with the workflow and the action.
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from '@jest/globals'
import { ACTION_TAG, OPT_IN_TAG, allowedActions, policyFor } from '../../scripts/docs/iam-policies.js'
import { allCodes } from '../../src/findings/finding.js'
import { MODES } from '../../src/mode.js'
import { REPO_ROOT } from '../helpers/run-action.js'
import { REUSABLE_PATH, readActionSpec, readWorkflow } from '../helpers/workflow-checks.js'

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8')

it('the generated reference is up to date and complete (npm run docs -- --check)', async () => {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.NODE_OPTIONS
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/docs/generate.ts', '--check'], { cwd: REPO_ROOT, env })
  expect(stdout).toContain('docs: generated files are up to date')
}, 60_000)

describe('docs/reference/inputs.md', () => {
  const doc = read('docs/reference/inputs.md')
  it('documents every input and output of the action and of the reusable workflow', () => {
    const action = readActionSpec()
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(doc).toContain(`| \`${name}\` |`)
    const call = readWorkflow(REUSABLE_PATH).on.workflow_call!
    for (const name of [...Object.keys(call.inputs ?? {}), ...Object.keys(call.secrets ?? {}), ...Object.keys(call.outputs ?? {})]) {
      expect(doc).toContain(`| \`${name}\` |`)
    }
  })
})

describe('docs/reference/findings.md', () => {
  const doc = read('docs/reference/findings.md')
  it('has one row, with its anchor, for every code of the catalogue, and every link to a code resolves', () => {
    const anchors = [...doc.matchAll(/<a id="([a-z0-9_]+)"><\/a>/g)].map((m) => m[1])
    expect(anchors).toEqual(expect.arrayContaining(allCodes().map((c) => c.toLowerCase())))
    expect(anchors).toHaveLength(allCodes().length)
    for (const m of doc.matchAll(/\]\(#([a-z0-9_]+)\)/g)) expect(anchors).toContain(m[1])
  })
})

describe('docs/iam.md', () => {
  const doc = read('docs/iam.md')
  it('holds each mode\'s generated policy', () => {
    for (const mode of MODES) {
      const block = new RegExp(`<!-- generated:policy-${mode} -->\\n\`\`\`json\\n([\\s\\S]*?)\\n\`\`\``).exec(doc)?.[1]
      expect(block).toBeDefined()
      expect(JSON.parse(block!)).toEqual(policyFor(mode))
    }
  })

  it('narrows every mutating statement by tag, account and Region, never by a name prefix', () => {
    for (const mode of MODES) {
      for (const s of policyFor(mode, { region: 'eu-west-1', account: '123456789012' }).Statement) {
        const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource]
        for (const r of resources) expect(r === '*' || /^arn:aws:rds:eu-west-1:123456789012:[a-z-]+:\*$/.test(r)).toBe(true)
        const reads = s.Action.every((a) => /^rds:(Describe|List)/.test(a))
        if (!reads && s.Sid !== 'WithParameterGroups' && s.Sid !== 'GreenInstances' && s.Sid !== 'GreenClusters') {
          expect(JSON.stringify(s.Condition)).toMatch(new RegExp(`aws:(Request|Resource)Tag/(${ACTION_TAG.key}|${OPT_IN_TAG.key})`))
        }
      }
    }
  })

  it('gives verify nothing that changes anything', () => {
    expect(allowedActions('verify').every((a) => /^rds:(Describe|List)/.test(a))).toBe(true)
  })

  it("trusts the switchover and cleanup roles only from the reusable workflow's approval environments", () => {
    const inputs = readWorkflow(REUSABLE_PATH).on.workflow_call!.inputs!
    for (const gate of ['switchover-environment', 'cleanup-environment']) {
      expect(doc).toContain(`"token.actions.githubusercontent.com:sub": "repo:your-org/app:environment:${String(inputs[gate]!.default)}"`)
    }
    expect(doc).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"')
  })
})

describe('the documentation pages', () => {
  it('are linked from the README and from docs/README.md, and their relative links resolve', () => {
    const readme = read('README.md')
    expect(readme).toContain('(docs/README.md)')
    const index = read('docs/README.md')
    for (const page of ['workflow.md', 'iam.md', 'interruption.md', 'sandbox.md', 'reference/inputs.md', 'reference/findings.md']) {
      expect(index).toContain(`(${page})`)
      expect(existsSync(join(REPO_ROOT, 'docs', page))).toBe(true)
    }
    for (const page of ['README.md', 'workflow.md', 'iam.md', 'interruption.md', 'sandbox.md', 'reference/inputs.md']) {
      const dir = join(REPO_ROOT, 'docs', page, '..')
      for (const m of read(`docs/${page}`).matchAll(/\]\((?!https?:|#)([^)#]+)(#[^)]*)?\)/g)) {
        expect([page, m[1], existsSync(join(dir, m[1]!))]).toEqual([page, m[1], true])
      }
    }
  })
})
