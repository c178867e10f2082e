// Which findings become annotations when GitHub's per-step limit (10 errors, 10 warnings)
// cannot hold them all, and how an annotation reads.
import { describe, expect, it } from '@jest/globals'
import { annotationText, emitAnnotations, planAnnotations } from '../../../src/report/annotations.js'
import { memoryLogger } from '../../../src/log.js'
import { FINDINGS } from '../../../src/findings/catalogue.js'
import { finding as make, type Finding, type FindingCode, type FindingInput, type Level } from '../../../src/findings/finding.js'

/** A finding of `level` named `tag` in its subject and message; the tag's code when it is one, a code of that level otherwise. */
const STAND_IN = { error: 'REPLICATION_LAG_HIGH', warning: 'GREEN_PENDING_REBOOT', info: 'SYNC_NOT_CHECKED' } as const
const finding = (level: Level, tag: string, extra: Pick<Finding, 'location'> = {}): Finding =>
  make({
    code: tag in FINDINGS ? (tag as FindingCode) : STAND_IN[level],
    subject: `${tag.toLowerCase()}-subject`,
    message: `${tag} happened.`,
    ...(level === 'info' ? {} : { remedy: `Fix ${tag}.` }),
    ...extra,
  } as FindingInput<FindingCode>)
const none = { error: 0, warning: 0, notice: 0 }

describe('planAnnotations', () => {
  it('annotates every error and warning within the limit, never an info', () => {
    const findings = [finding('error', 'E1'), finding('warning', 'W1'), finding('info', 'I1')]
    expect(planAnnotations(findings, none, false)).toEqual({ annotated: findings.slice(0, 2), leftOut: { error: 0, warning: 0 } })
  })

  it('past the limit: counts what is left out per level, keeps one error for the failure line and what the run already used', () => {
    const errors = Array.from({ length: 12 }, (_, i) => finding('error', `E${i}`))
    const warnings = Array.from({ length: 12 }, (_, i) => finding('warning', `W${i}`))
    const plan = planAnnotations([...errors, ...warnings], { error: 0, warning: 3, notice: 0 }, true)
    expect(plan.annotated.filter((f) => f.level === 'error')).toEqual(errors.slice(0, 9))
    expect(plan.annotated.filter((f) => f.level === 'warning')).toEqual(warnings.slice(0, 7))
    expect(plan.leftOut).toEqual({ error: 3, warning: 5 })
  })

  it('gives findings with a file and line their places first (they show in the diff), then keeps report order', () => {
    const plain = Array.from({ length: 10 }, (_, i) => finding('warning', `W${i}`))
    const located = finding('warning', 'MIGRATION_DML_ON_GREEN', { location: { file: 'db/001.sql', line: 4 } })
    const plan = planAnnotations([...plain, located], none, false)
    expect(plan.annotated).toEqual([...plain.slice(0, 9), located])
    expect(plan.leftOut).toEqual({ error: 0, warning: 1 })
  })
})

describe('emitAnnotations', () => {
  it('titles each with its code, puts the remedy on its own line, and points at file and line', () => {
    const log = memoryLogger()
    const located = finding('error', 'SCHEMA_COLUMN_RENAMED', { location: { file: 'db/001.sql', line: 6 } })
    const annotated: { message: string; properties: unknown }[] = []
    log.error = (message, properties) => annotated.push({ message, properties })
    emitAnnotations({ annotated: [located], leftOut: { error: 0, warning: 0 } }, log)
    expect(annotated).toEqual([
      { message: 'schema_column_renamed-subject: SCHEMA_COLUMN_RENAMED happened.\nRemedy: Fix SCHEMA_COLUMN_RENAMED.', properties: { title: 'SCHEMA_COLUMN_RENAMED', file: 'db/001.sql', startLine: 6 } },
    ])
    expect(annotationText(finding('info', 'I1'))).toBe('i1-subject: I1 happened.')
  })
})
