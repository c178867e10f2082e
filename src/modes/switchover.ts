// PLACEHOLDER until the switchover mode lands (see the issue list): fails the run with one line.
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import { NotImplementedError } from './not-implemented.js'

export async function runSwitchover(_ctx: ModeContext<'switchover'>): Promise<Report> {
  throw new NotImplementedError('switchover')
}
