// The end of every run, in the order an operator reads it: the findings as annotations (they
// show on the run page and, with a file and line, in the pull request's diff), the report
// published (JSON, summary, comment, outputs), the step failed when it must be, and the
// verdict with its key figures as the very last line, announced by a notice on success.
import * as core from '@actions/core'
import type { CommonInputs } from '../inputs/types.js'
import type { Logger } from '../log.js'
import type { SecretRegistry } from '../secrets/registry.js'
import { emitAnnotations, planAnnotations } from './annotations.js'
import { type PublishDeps, publishReport } from './publish.js'
import type { Report } from './types.js'
import { verdictLine } from './verdict-line.js'

export interface ConcludeDeps {
  log: Logger
  secrets: SecretRegistry
  publish: PublishDeps
}

/** `failure`: why the step fails (a crash, the verdict, fail-on), undefined when it passes. */
export async function concludeRun(report: Report, inputs: Pick<CommonInputs, 'reportPath' | 'github'>, failure: string | undefined, deps: ConcludeDeps): Promise<void> {
  const { log, secrets } = deps
  log.endPhase()
  // Annotations first: publishing can add a warning of its own (a comment refused), and
  // the findings must not lose their places to it. One error annotation is kept for the
  // step's own failure line (a comment that must be posted can fail the step too).
  const plan = planAnnotations(report.findings, log.annotations(), failure !== undefined || inputs.github.prComment === 'always')
  emitAnnotations(plan, log)
  log.phase('Report')
  try {
    await publishReport(report, inputs, deps.publish, { annotationsLeftOut: plan.leftOut })
  } catch (error) {
    // The step fails with the reason, and the verdict line still ends the log.
    failure = `${failure ? `${failure}; ` : ''}${error instanceof Error ? error.message : String(error)}`
  }
  log.endPhase()
  const line = verdictLine(report, failure)
  if (failure !== undefined) {
    core.setFailed(secrets.redact(failure))
  } else {
    log.notice(line, { title: `rds-blue-green ${report.mode}` })
  }
  log.info(line)
}
