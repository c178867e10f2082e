// The finding-code lists of the switchover and cleanup modes are what the documentation is
// generated from: each must hold every code its mode reports (through switchoverFinding /
// cleanupFinding, or spelled out as `code: '...'`), and nothing the mode cannot report.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CLEANUP_FINDING_CODES } from '../../../src/modes/cleanup.js'
import { SWITCHOVER_FINDING_CODES } from '../../../src/modes/switchover.js'
import { REPO_ROOT } from '../../helpers/run-action.js'

function sources(path: string): string[] {
  const full = join(REPO_ROOT, path)
  if (statSync(full).isFile()) return [full]
  return readdirSync(full).flatMap((name) => sources(join(path, name)))
}

const read = (paths: string[]) =>
  paths
    .flatMap(sources)
    .filter((f) => !f.endsWith('codes.ts'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n')

const used = (text: string, helper: string) =>
  new Set([...text.matchAll(new RegExp(`(?:code: |${helper}\\(\\s*)'([A-Z][A-Z0-9_]*)'`, 'g'))].map((m) => m[1]!))

describe('SWITCHOVER_FINDING_CODES', () => {
  // The mode's own files, its blue-side gate check, and the prober whose findings it reports.
  const text = read(['src/modes/switchover', 'src/modes/switchover.ts', 'src/probe'])

  it('lists every code the switchover mode, its DDL check and the prober report', () => {
    const codes = used(text, 'switchoverFinding')
    expect(codes.size).toBeGreaterThan(25)
    expect([...codes].filter((code) => !(code in SWITCHOVER_FINDING_CODES))).toEqual([])
  })

  it('lists no code that nothing reports', () => {
    expect(Object.keys(SWITCHOVER_FINDING_CODES).filter((code) => !text.includes(`'${code}'`))).toEqual([])
  })
})

describe('CLEANUP_FINDING_CODES', () => {
  const text = read(['src/modes/cleanup', 'src/modes/cleanup.ts'])

  it('lists every code the cleanup mode reports, and no other', () => {
    const codes = used(text, 'cleanupFinding')
    expect(codes.size).toBeGreaterThan(15)
    expect([...codes].filter((code) => !(code in CLEANUP_FINDING_CODES))).toEqual([])
    expect(Object.keys(CLEANUP_FINDING_CODES).filter((code) => !codes.has(code))).toEqual([])
  })
})

describe('both lists', () => {
  it('give each code a level and a one-line meaning', () => {
    for (const [code, spec] of [...Object.entries(SWITCHOVER_FINDING_CODES), ...Object.entries(CLEANUP_FINDING_CODES)]) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/)
      expect(['error', 'warning', 'info', 'varies']).toContain(spec.level)
      expect(spec.meaning).toMatch(/^\S.{20,220}\.$/)
    }
  })
})
