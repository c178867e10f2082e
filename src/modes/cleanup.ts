// PLACEHOLDER until the cleanup mode lands (see the issue list): fails the run with one line.
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import { NotImplementedError } from './not-implemented.js'

export async function runCleanup(_ctx: ModeContext<'cleanup'>): Promise<Report> {
  throw new NotImplementedError('cleanup')
}
