// The run's logger: @actions/core's log commands, with every line passed through the
// secret registry first (the runner masks registered secrets too, but a local run, the
// demo or a test reading stdout has no runner in between).
//
// The log is read in phases: each phase is one collapsible ::group:: (GitHub does not nest
// groups, so a phase ends the one before it). Annotations are counted, because GitHub shows
// only 10 of each level per step and drops the rest without a word: the findings' own
// annotations are planned around what the run has already used (report/annotations.ts).
import * as core from '@actions/core'
import type { SecretRegistry } from './secrets/registry.js'

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** Where an annotation points: a file of the repository (relative to its root) and a line. */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
}

export interface Logger {
  info(message: string): void
  /** A warning annotation: shown on the run page, does not fail the step. */
  warning(message: string, properties?: AnnotationProperties): void
  /** A notice annotation. */
  notice(message: string, properties?: AnnotationProperties): void
  /** An error annotation: shown on the run page; failing the step is the caller's decision. */
  error(message: string, properties?: AnnotationProperties): void
  /** Shown only with ACTIONS_STEP_DEBUG. */
  debug(message: string): void
  /** Starts a phase of the run: its lines fold under one ::group::, ending the phase before it. */
  phase(name: string): void
  /** Ends the open phase, so the next lines are outside any group. */
  endPhase(): void
  /** Runs `fn` as a phase of its own and ends it. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
  /** Annotations of each level emitted so far in this step. */
  annotations(): Record<AnnotationLevel, number>
}

export function actionsLogger(secrets: SecretRegistry): Logger {
  const clean = (message: string) => secrets.redact(message)
  const counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  let open = false
  const cleanProperties = (p?: AnnotationProperties): core.AnnotationProperties =>
    p ? { ...p, ...(p.title !== undefined ? { title: clean(p.title) } : {}) } : {}
  const annotate = (level: AnnotationLevel) => (message: string, properties?: AnnotationProperties) => {
    counts[level]++
    core[level](clean(message), cleanProperties(properties))
  }
  const logger: Logger = {
    info: (m) => core.info(clean(m)),
    warning: annotate('warning'),
    notice: annotate('notice'),
    error: annotate('error'),
    debug: (m) => core.debug(clean(m)),
    phase: (name) => {
      if (open) core.endGroup()
      core.startGroup(clean(name))
      open = true
    },
    endPhase: () => {
      if (open) core.endGroup()
      open = false
    },
    group: async (name, fn) => {
      logger.phase(name)
      try {
        return await fn()
      } finally {
        logger.endPhase()
      }
    },
    annotations: () => ({ ...counts }),
  }
  return logger
}

/**
 * A logger that keeps lines in memory (tests, benchmarks, embedding): annotations as
 * `warning: ...`, phases as `group: name`.
 */
export function memoryLogger(lines: string[] = []): Logger & { lines: string[] } {
  const counts: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 }
  const annotate = (level: AnnotationLevel) => (m: string) => {
    counts[level]++
    lines.push(`${level}: ${m}`)
  }
  const logger: Logger & { lines: string[] } = {
    lines,
    info: (m) => lines.push(m),
    warning: annotate('warning'),
    notice: annotate('notice'),
    error: annotate('error'),
    debug: () => undefined,
    phase: (name) => lines.push(`group: ${name}`),
    endPhase: () => undefined,
    group: async (name, fn) => {
      lines.push(`group: ${name}`)
      return fn()
    },
    annotations: () => ({ ...counts }),
  }
  return logger
}
