// Mode name -> runner. Each mode lives in its own file and replaces its placeholder there.
import type { Report } from '../report/types.js'
import type { Mode } from '../mode.js'
import { runCleanup } from './cleanup.js'
import type { ModeContext } from './context.js'
import { runCreate } from './create.js'
import { runPrepare } from './prepare.js'
import { runSwitchover } from './switchover.js'
import { runVerify } from './verify.js'

export type ModeRunner<M extends Mode> = (ctx: ModeContext<M>) => Promise<Report>

export type ModeRunners = { readonly [M in Mode]: ModeRunner<M> }

export const MODE_RUNNERS: ModeRunners = {
  prepare: runPrepare,
  create: runCreate,
  verify: runVerify,
  switchover: runSwitchover,
  cleanup: runCleanup,
}

/** Runs the mode the context was made for, with `runners` (the registry by default). */
export function runMode<M extends Mode>(ctx: ModeContext<M>, runners: Partial<ModeRunners> = MODE_RUNNERS): Promise<Report> {
  const runner = (runners[ctx.mode] ?? MODE_RUNNERS[ctx.mode]) as ModeRunner<M>
  return runner(ctx)
}
