// The finding catalogue (src/findings/catalogue.ts) is the only list of codes. Whether every
// code the source can emit is in it is a question for the type checker, not for a text
// search: Finding['code'] is the catalogue's keys and only finding() / overridden() make a
// Finding, so `npm run typecheck` over src/ proves it for every call site. The first test
// here proves the types say that (it compiles small programs against the real modules and
// expects the compiler to refuse what the catalogue does not allow); the others check the
// catalogue's entries and what finding() does with them.
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import ts from 'typescript'
import { FINDINGS } from '../../../src/findings/catalogue.js'
import { allCodes, codesOf, finding, overridden, specOf } from '../../../src/findings/finding.js'
import { MODES } from '../../../src/mode.js'
import { REPO_ROOT } from '../../helpers/run-action.js'

/** Type-checks each snippet (as its own module in test/unit/findings/) and returns the diagnostics per snippet. */
function typeErrors<K extends string>(snippets: Record<K, string>): Record<K, string[]> {
  const dir = join(REPO_ROOT, 'test', 'unit', 'findings')
  const header = [
    "import { finding, overridden, type Finding, type FindingCode } from '../../../src/findings/finding.js'",
    "import type { Report } from '../../../src/report/types.js'",
    'type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false',
    'export const used: unknown[] = [finding, overridden]',
    'export type Used = [Finding, FindingCode, Report, Equals<1, 1>]',
    '',
  ].join('\n')
  const files = new Map((Object.entries(snippets) as [K, string][]).map(([name, body]) => [join(dir, `__${name}.ts`), `${header}${body}\n`]))
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  }
  const host = ts.createCompilerHost(options)
  const read = host.readFile.bind(host)
  const exists = host.fileExists.bind(host)
  host.readFile = (f) => files.get(f) ?? read(f)
  host.fileExists = (f) => files.has(f) || exists(f)
  const program = ts.createProgram([...files.keys()], options, host)
  const out = {} as Record<K, string[]>
  for (const [file] of files) {
    const name = file.slice(file.lastIndexOf('__') + 2, -3) as K
    out[name] = ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
  }
  return out
}

describe('the types', () => {
  it('accept catalogue codes and refuse anything else, so no source can emit a code outside the catalogue', () => {
    const errors = typeErrors({
      reportCodes: 'export const ok: Equals<Report["findings"][number]["code"], FindingCode> = true',
      valid: "export const f = [finding({ code: 'RUN_FAILED', subject: 's', message: 'm' }), finding({ code: 'SCHEMA_TYPE_WIDENED', level: 'warning', subject: 's', message: 'm' })]",
      unknownCode: "export const f = finding({ code: 'NOT_IN_THE_CATALOGUE', subject: 's', message: 'm' })",
      literal: "export const f: Finding = { level: 'error', code: 'RUN_FAILED', subject: 's', message: 'm', remedy: 'r' }",
      fixedLevel: "export const f = finding({ code: 'RUN_FAILED', level: 'info', subject: 's', message: 'm' })",
      missingLevel: "export const f = finding({ code: 'SCHEMA_TYPE_WIDENED', subject: 's', message: 'm' })",
      levelNotListed: "export const f = finding({ code: 'SCHEMA_ENGINE_CHANGED', level: 'error', subject: 's', message: 'm' })",
    })
    expect(errors.reportCodes).toEqual([])
    expect(errors.valid).toEqual([])
    expect(errors.unknownCode.join()).toMatch(/NOT_IN_THE_CATALOGUE/)
    expect(errors.literal.join()).toMatch(/is missing|not assignable/)
    expect(errors.fixedLevel.join()).toMatch(/not assignable/)
    expect(errors.missingLevel.join()).toMatch(/level/)
    expect(errors.levelNotListed.join()).toMatch(/not assignable/)
  }, 60_000)
})

describe('FINDINGS', () => {
  it('gives each code a one-line meaning, its modes in stage order, and a fix for every error and warning', () => {
    for (const code of allCodes()) {
      const spec = specOf(code)
      expect([code, code]).toEqual([code, expect.stringMatching(/^[A-Z][A-Z0-9_]*$/)])
      expect([code, spec.meaning]).toEqual([code, expect.stringMatching(/^\S[^\n]{20,250}\.$/)])
      expect([code, spec.modes.length > 0 && spec.modes.every((m, i) => i === 0 || MODES.indexOf(spec.modes[i - 1]!) < MODES.indexOf(m))]).toEqual([code, true])
      if (spec.level !== 'info') expect([code, spec.fix]).toEqual([code, expect.stringMatching(/^\S[^\n]{10,}$/)])
      if (typeof spec.level !== 'string') expect([code, new Set(spec.level).size > 1]).toEqual([code, true])
    }
  })

  it('names causes, not the write-ups they were learned from', () => {
    for (const code of allCodes()) {
      const spec = specOf(code)
      expect([code, `${spec.meaning} ${spec.fix ?? ''}`]).toEqual([code, expect.not.stringMatching(/\bseed\b/i)])
    }
  })

  it('gives each mode its codes, and every mode the ones any mode can report', () => {
    for (const mode of MODES) expect(codesOf(mode)).toEqual(expect.arrayContaining(['RUN_FAILED', 'TLS_DISABLED']))
    expect(codesOf('prepare')).toContain('REBOOT_REQUIRED')
    expect(codesOf('create')).not.toContain('REBOOT_REQUIRED')
    expect(codesOf('switchover')).toEqual(expect.arrayContaining(['REPLICATION_DUPLICATE_KEY', 'LONG_TRANSACTION_ON_BLUE', 'PROBE_LOST_WRITES']))
  })
})

describe('finding()', () => {
  it("takes the level and, unless the call site has a more specific one, the remedy from the catalogue", () => {
    expect(finding({ code: 'DB_UNREACHABLE', subject: 'green', message: 'refused' })).toEqual({
      level: 'error',
      code: 'DB_UNREACHABLE',
      subject: 'green',
      message: 'refused',
      remedy: FINDINGS.DB_UNREACHABLE.fix,
    })
    expect(finding({ code: 'DB_CHECKS_UNREACHABLE', subject: 'blue', message: 'refused', remedy: 'Open port 3306.' })).toMatchObject({ level: 'warning', remedy: 'Open port 3306.' })
    expect(finding({ code: 'PROBE_NO_LOST_WRITES', subject: 'db', message: 'all there' })).not.toHaveProperty('remedy')
  })

  it('takes a level a rule computed only when the catalogue lists it for the code', () => {
    expect(finding({ code: 'SCHEMA_TYPE_WIDENED', level: 'info', subject: 't.c', message: 'm' }).level).toBe('info')
    const computed = 'error' as 'info' | 'warning'
    expect(() => finding({ code: 'SCHEMA_ENGINE_CHANGED', level: computed, subject: 't', message: 'm' })).toThrow(/SCHEMA_ENGINE_CHANGED reported at level error; the catalogue allows info, warning/)
  })

  it('overridden() turns an error into a warning that says why, and leaves the rest', () => {
    const error = finding({ code: 'REPLICATION_LAG_HIGH', subject: 'g', message: 'Lag 9 s.' })
    expect(overridden(error, 'force: true')).toMatchObject({ level: 'warning', code: 'REPLICATION_LAG_HIGH', message: 'Lag 9 s. (overridden by force: true)' })
    const warning = finding({ code: 'GREEN_PENDING_REBOOT', subject: 'g', message: 'Pending.' })
    expect(overridden(warning, 'force: true')).toBe(warning)
  })
})
