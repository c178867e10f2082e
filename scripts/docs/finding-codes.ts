// Collects every finding code with its level and meaning from the modes' own code lists,
// found by convention rather than by a fixed import list (the modes land separately):
// each `codes.ts` under src/ whose exports are either
//   - a record  { CODE: { level, meaning, modes? } }   (src/checks/codes.ts, src/modes/cleanup/codes.ts), or
//   - an array  [{ code, level, meaning, area? }]        (src/checks/green/codes.ts)
// plus the codes src/ reports with a literal (scripts/docs/finding-fixes.ts, LITERAL_CODES).
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Mode } from '../../src/report/types.js'
import { REPO_ROOT } from '../../sandbox/runner.js'
import { LITERAL_CODES } from './finding-fixes.js'

export type Section = Mode | 'every mode'
export const SECTIONS: readonly Section[] = ['every mode', 'prepare', 'create', 'verify', 'switchover', 'cleanup']

export interface CodeEntry {
  code: string
  level: string
  meaning: string
  section: Section
  /** A finer grouping inside a section (schema, migration, ...). */
  area?: string
  /** Where the entry comes from, relative to the repository. */
  from: string
}

function codesFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return codesFiles(path)
    return name === 'codes.ts' ? [path] : []
  })
}

/** The mode a list belongs to when its entries do not say: from where it lives. */
function sectionOf(file: string): Section | undefined {
  const rel = relative(join(REPO_ROOT, 'src'), file)
  if (rel.startsWith('checks/green/')) return 'verify'
  const mode = /^modes\/(prepare|create|verify|switchover|cleanup)\//.exec(rel)?.[1]
  return mode as Mode | undefined
}

interface Spec {
  level?: unknown
  meaning?: unknown
  modes?: unknown
  code?: unknown
  area?: unknown
}

function isSpec(value: unknown): value is Spec {
  return typeof value === 'object' && value !== null && typeof (value as Spec).meaning === 'string' && typeof (value as Spec).level === 'string'
}

export async function collectCodes(): Promise<CodeEntry[]> {
  const entries: CodeEntry[] = []
  for (const file of codesFiles(join(REPO_ROOT, 'src')).sort()) {
    const from = relative(REPO_ROOT, file)
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>
    for (const value of Object.values(module)) {
      const items: [string, Spec][] = Array.isArray(value)
        ? value.filter(isSpec).flatMap((s) => (typeof s.code === 'string' ? [[s.code, s] as [string, Spec]] : []))
        : value && typeof value === 'object'
          ? Object.entries(value).filter((e): e is [string, Spec] => isSpec(e[1]))
          : []
      for (const [code, spec] of items) {
        const modes = Array.isArray(spec.modes) ? (spec.modes as Mode[]) : [sectionOf(file) ?? 'every mode']
        for (const section of modes) {
          entries.push({ code, level: String(spec.level), meaning: String(spec.meaning), section, from, ...(typeof spec.area === 'string' ? { area: spec.area } : {}) })
        }
      }
    }
  }
  for (const c of LITERAL_CODES) {
    entries.push({ code: c.code, level: c.level, meaning: c.meaning, section: c.area === 'switchover' ? 'switchover' : 'every mode', from: 'scripts/docs/finding-fixes.ts', area: c.area === 'switchover' ? 'probe' : undefined })
  }
  // One entry per code and section (a list may name a code twice, e.g. for two modes).
  const seen = new Set<string>()
  return entries.filter((e) => {
    const key = `${e.section}/${e.code}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
