// Findings on the run page. Each error and warning finding becomes an ::error:: or ::warning::
// annotation titled with its code, its text the subject, the message and the remedy; a
// finding that knows its file and line (a migration's statement) carries them, so the
// annotation also shows on that line of the pull request's diff.
//
// GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job)
// and drops the rest without saying so (actions/toolkit docs/problem-matchers.md). The plan
// counts what the run has already emitted and keeps an error for the step's own failure
// line; findings that do not fit are listed only in the report, whose summary says how many.
import type { AnnotationLevel, Logger } from '../log.js'
import type { Finding } from '../findings/finding.js'

export const ANNOTATIONS_PER_LEVEL_PER_STEP = 10

export interface AnnotationPlan {
  /** The findings that become annotations, in report order. */
  annotated: Finding[]
  /** Error and warning findings left out for the limit, per level. */
  leftOut: { error: number; warning: number }
}

/**
 * Which findings fit. `used`: annotations the step has emitted so far; `failing`: the step
 * will fail, and core.setFailed's own ::error:: line needs one of the ten.
 */
export function planAnnotations(findings: readonly Finding[], used: Record<AnnotationLevel, number>, failing: boolean): AnnotationPlan {
  const room = {
    error: ANNOTATIONS_PER_LEVEL_PER_STEP - used.error - (failing ? 1 : 0),
    warning: ANNOTATIONS_PER_LEVEL_PER_STEP - used.warning,
  }
  const annotated: Finding[] = []
  const leftOut = { error: 0, warning: 0 }
  // Findings with a place in the repository first: they are the ones a reviewer meets in the diff.
  const ordered = [...findings.filter((f) => f.location), ...findings.filter((f) => !f.location)]
  for (const f of ordered) {
    if (f.level === 'info') continue
    if (room[f.level] > 0) {
      room[f.level]--
      annotated.push(f)
    } else {
      leftOut[f.level]++
    }
  }
  const order = new Map(findings.map((f, i) => [f, i]))
  annotated.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
  return { annotated, leftOut }
}

/** `subject: message` and the remedy on a line of its own. */
export function annotationText(f: Finding): string {
  return `${f.subject}: ${f.message}${f.remedy ? `\nRemedy: ${f.remedy}` : ''}`
}

export function emitAnnotations(plan: AnnotationPlan, log: Logger): void {
  for (const f of plan.annotated) {
    const properties = {
      title: f.code,
      ...(f.location ? { file: f.location.file, ...(f.location.line !== undefined ? { startLine: f.location.line } : {}) } : {}),
    }
    if (f.level === 'error') log.error(annotationText(f), properties)
    else log.warning(annotationText(f), properties)
  }
}
