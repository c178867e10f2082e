// PLACEHOLDER until the prepare mode lands (see the issue list): fails the run with one line.
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import { NotImplementedError } from './not-implemented.js'

export async function runPrepare(_ctx: ModeContext<'prepare'>): Promise<Report> {
  throw new NotImplementedError('prepare')
}
