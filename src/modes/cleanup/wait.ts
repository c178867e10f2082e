// Waiting for a deletion to finish, within wait-timeout. A timeout becomes a finding (RDS
// may still finish the work; running cleanup again resumes), never a crash.
import { PollTimeoutError } from '../../aws/poll.js'
import type { ModeContext } from '../context.js'
import { finding } from '../../findings/finding.js'

/** Polls `gone` until true; false (with CLEANUP_WAIT_TIMEOUT reported) when wait-timeout passes first. */
export async function waitUntilGone(
  ctx: ModeContext<'cleanup'>,
  what: string,
  subject: string,
  gone: () => Promise<boolean | string>,
): Promise<boolean> {
  try {
    await ctx.poll({
      what,
      timeoutMs: ctx.inputs.waitTimeoutMs,
      initialDelayMs: 500,
      maxDelayMs: 15_000,
      check: async () => {
        const result = await gone()
        return result === true ? { done: true, value: undefined } : { done: false, ...(typeof result === 'string' ? { status: result } : {}) }
      },
    })
    return true
  } catch (error) {
    if (!(error instanceof PollTimeoutError)) throw error
    ctx.report.finding(
      finding({
        code: 'CLEANUP_WAIT_TIMEOUT',
        subject,
        message: `${error.message}.`,
      }),
    )
    return false
  }
}
