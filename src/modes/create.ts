// PLACEHOLDER until the create mode lands (see the issue list): fails the run with one line.
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import { NotImplementedError } from './not-implemented.js'

export async function runCreate(_ctx: ModeContext<'create'>): Promise<Report> {
  throw new NotImplementedError('create')
}
