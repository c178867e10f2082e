// PLACEHOLDER until the verify mode lands (see the issue list): fails the run with one line.
import type { Report } from '../report/types.js'
import type { ModeContext } from './context.js'
import { NotImplementedError } from './not-implemented.js'

export async function runVerify(_ctx: ModeContext<'verify'>): Promise<Report> {
  throw new NotImplementedError('verify')
}
