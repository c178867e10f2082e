// The run's logger: @actions/core's log commands, with every line passed through the
// secret registry first (the runner masks registered secrets too, but a local run, the
// demo or a test reading stdout has no runner in between).
import * as core from '@actions/core'
import type { SecretRegistry } from './secrets/registry.js'

export interface Logger {
  info(message: string): void
  /** A warning annotation: shown on the run page, does not fail the step. */
  warning(message: string): void
  /** A notice annotation. */
  notice(message: string): void
  /** Shown only with ACTIONS_STEP_DEBUG. */
  debug(message: string): void
  /** Folds the lines `fn` logs under one expandable group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

export function actionsLogger(secrets: SecretRegistry): Logger {
  const clean = (message: string) => secrets.redact(message)
  return {
    info: (m) => core.info(clean(m)),
    warning: (m) => core.warning(clean(m)),
    notice: (m) => core.notice(clean(m)),
    debug: (m) => core.debug(clean(m)),
    group: (name, fn) => core.group(clean(name), fn),
  }
}
