// Mode name -> what it needs and how it runs. Every mode starts with the same step (find
// the source and its deployment, ./resolve.ts); the mode runs only when that step found
// what the mode needs, and gets it.
import type { Mode } from '../mode.js'
import type { Report } from '../report/types.js'
import { runCleanup } from './cleanup.js'
import type { ModeContext } from './context.js'
import { runCreate } from './create.js'
import { runPrepare } from './prepare.js'
import { type DeploymentNeed, resolveSource, type ResolvedFor } from './resolve.js'
import { runSwitchover } from './switchover.js'
import { runVerify } from './verify.js'

interface ModeDefinition<M extends Mode, N extends DeploymentNeed> {
  deployment: N
  run: (ctx: ModeContext<M>, found: ResolvedFor<N>) => Promise<Report>
}

const define = <M extends Mode, N extends DeploymentNeed>(definition: ModeDefinition<M, N>) => definition

export const MODE_DEFINITIONS = {
  prepare: define({ deployment: 'optional', run: runPrepare }),
  create: define({ deployment: 'optional', run: runCreate }),
  verify: define({ deployment: 'required', run: runVerify }),
  switchover: define({ deployment: 'required', run: runSwitchover }),
  cleanup: define({ deployment: 'may-be-gone', run: runCleanup }),
} satisfies { [M in Mode]: ModeDefinition<M, DeploymentNeed> }

/** Finds the source and its deployment, then runs the mode the context was made for. */
export async function runMode<M extends Mode>(ctx: ModeContext<M>): Promise<Report> {
  const definition = MODE_DEFINITIONS[ctx.mode] as unknown as ModeDefinition<M, DeploymentNeed>
  const found = await resolveSource(ctx, definition.deployment)
  if (!found) return ctx.report.build()
  return definition.run(ctx, found)
}
