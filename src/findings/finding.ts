// A finding, and the one way to make one: finding() takes the level (and, unless the call
// site names something more specific, the remedy) from the catalogue, so a code cannot be
// reported at a level or without a fix the catalogue does not give it.
import type { Mode } from '../mode.js'
import { FINDINGS, type FindingCode, type FindingSpec, type Level } from './catalogue.js'

export type { FindingCode, Level } from './catalogue.js'

declare const made: unique symbol

/**
 * One thing a check found. `code` is stable and listed in the catalogue: tests,
 * documentation and users refer to it. `error` blocks the stage (green is not ready, the
 * switchover is refused, ...), `warning` is reported but does not block, `info` is context.
 * Only finding() and overridden() make one (the brand below is a type, not a field), so a
 * report holds no code, level or missing remedy the catalogue does not allow.
 */
export interface Finding {
  readonly [made]: true
  level: Level
  code: FindingCode
  /** What it is about: a resource identifier, `schema.table`, `file.sql:12`, ... */
  subject: string
  /** What is wrong, in one or two sentences, with the facts (values, names). */
  message: string
  /** What to do about it. Omitted only for `info`. */
  remedy?: string
  /**
   * The file of the repository it is about, relative to the repository root, and the line
   * (a migration's statement): its annotation then shows in the pull request's diff.
   */
  location?: { file: string; line?: number }
}

type Catalogue = typeof FINDINGS

/** The levels a code can be reported at: its one level, or those its rule chooses from. */
export type LevelOf<C extends FindingCode> = Extract<C extends FindingCode ? (Catalogue[C]['level'] extends readonly (infer L)[] ? L : Catalogue[C]['level']) : never, Level>

/** Codes whose level a rule computes (the call site passes it). */
export type VaryingCode = { [C in FindingCode]: Catalogue[C]['level'] extends readonly Level[] ? C : never }[FindingCode]

export type FindingInput<C extends FindingCode> = {
  code: C
  subject: string
  message: string
  /** A remedy naming this case's facts; the catalogue's fix otherwise. */
  remedy?: string
  location?: Finding['location']
} & (C extends VaryingCode ? { level: LevelOf<C> } : { level?: never })

export function finding<C extends FindingCode>(input: FindingInput<C>): Finding {
  const spec: FindingSpec = FINDINGS[input.code]
  let level: Level
  if (typeof spec.level === 'string') {
    level = spec.level
  } else {
    // The type already demands one of the code's levels; this guards a level computed at run time.
    if (!input.level || !spec.level.includes(input.level)) {
      throw new Error(`Finding ${input.code} reported at level ${String(input.level)}; the catalogue allows ${spec.level.join(', ')}`)
    }
    level = input.level
  }
  const remedy = input.remedy ?? spec.fix
  const made = { level, code: input.code, subject: input.subject, message: input.message, ...(remedy !== undefined ? { remedy } : {}), ...(input.location ? { location: input.location } : {}) }
  return made as unknown as Finding
}

/**
 * A blocking finding the operator chose to override (force: true): reported as a warning,
 * saying so. The one way a finding leaves its catalogue level, and GATE_OVERRIDDEN says it
 * happened.
 */
export function overridden(f: Finding, why: string): Finding {
  return f.level === 'error' ? { ...f, level: 'warning', message: `${f.message} (overridden by ${why})` } : f
}

/** The catalogue entry of a code. */
export function specOf(code: FindingCode): FindingSpec {
  return FINDINGS[code]
}

/** Every code, in catalogue order. */
export function allCodes(): FindingCode[] {
  return Object.keys(FINDINGS) as FindingCode[]
}

/** The codes a mode can report, in catalogue order. */
export function codesOf(mode: Mode): FindingCode[] {
  return allCodes().filter((code) => specOf(code).modes.includes(mode))
}
