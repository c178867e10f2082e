// The finding-code list (src/checks/codes.ts) is what the documentation is generated from:
// it must hold every code prepare and create can report, and nothing they cannot.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { codesOf, FINDING_CODES } from '../../../src/checks/codes.js'
import { REPO_ROOT } from '../../helpers/run-action.js'

function sources(path: string): string[] {
  const full = join(REPO_ROOT, path)
  if (statSync(full).isFile()) return [full]
  return readdirSync(full).flatMap((name) => sources(join(path, name)))
}

const files = ['src/checks', 'src/modes/prepare', 'src/modes/prepare.ts', 'src/modes/create', 'src/modes/create.ts'].flatMap(sources)
const text = files.filter((f) => !f.endsWith('codes.ts')).map((f) => readFileSync(f, 'utf8')).join('\n')

describe('FINDING_CODES', () => {
  it('lists every code the checks, prepare and create report', () => {
    const used = new Set([...text.matchAll(/code: '([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]!))
    expect(used.size).toBeGreaterThan(30)
    expect([...used].filter((code) => !(code in FINDING_CODES))).toEqual([])
  })

  it('lists no code that nothing reports', () => {
    expect(Object.keys(FINDING_CODES).filter((code) => !text.includes(`'${code}'`))).toEqual([])
  })

  it('gives each code a one-line meaning and the modes that report it', () => {
    for (const [code, spec] of Object.entries(FINDING_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/)
      expect(spec.meaning).toMatch(/^\S.{20,200}\.$/)
      expect(spec.meaning).not.toContain('\n')
      expect(spec.modes.length).toBeGreaterThan(0)
    }
    expect(codesOf('prepare').map((c) => c.code)).toEqual(expect.arrayContaining(['BINLOG_FORMAT_MISMATCH', 'REBOOT_REQUIRED', 'LONG_RUNNING_TRANSACTION', 'HEARTBEAT_WRITTEN']))
    expect(codesOf('create').map((c) => c.code)).toEqual(expect.arrayContaining(['DEPLOYMENT_ADOPTED', 'DEPLOYMENT_INVALID_CONFIGURATION', 'HEARTBEAT_WRITTEN']))
    expect(codesOf('create').map((c) => c.code)).not.toContain('REBOOT_REQUIRED')
  })
})
