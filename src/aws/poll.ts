// Waiting for RDS: there is no SDK waiter for Blue/Green Deployments, and the ones for
// instances give no progress. poll() asks `check` until it says done, sleeping with
// exponential backoff between asks, and gives up with a PollTimeoutError that says what
// it was waiting for and the last status seen. Clock and sleep are injectable so tests
// run without waiting.
import { sleepWithProgress, type WaitProgress } from '../progress.js'

export type PollCheck<T> = () => Promise<{ done: true; value: T } | { done: false; status?: string }>

export interface PollOptions<T> {
  /** What is awaited, for messages: "deployment bgd-abc to be AVAILABLE". */
  what: string
  check: PollCheck<T>
  timeoutMs: number
  /** First pause between checks (default 1 s), multiplied by `factor` (default 1.5) up to `maxDelayMs` (default 30 s). */
  initialDelayMs?: number
  maxDelayMs?: number
  factor?: number
  /** Called once per distinct status (not once per poll), e.g. to put it on the report's timeline. */
  onStatus?: (status: string) => void
  /**
   * Shows the wait is alive (progress.ts): each new status is logged, and a line comes when
   * nothing was logged for its interval, whatever the backoff. `logStatus: false` when the
   * caller logs the changes its own way (the progress then only notes them).
   */
  progress?: WaitProgress
  logStatus?: boolean
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

export class PollTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly lastStatus: string | undefined,
  ) {
    super(`Timed out after ${Math.round(waitedMs / 1000)} s waiting for ${what}${lastStatus ? ` (last status: ${lastStatus})` : ''}`)
    this.name = 'PollTimeoutError'
  }
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export async function poll<T>(options: PollOptions<T>): Promise<T> {
  const sleep = options.sleep ?? realSleep
  const now = options.now ?? Date.now
  const factor = options.factor ?? 1.5
  const maxDelay = options.maxDelayMs ?? 30_000
  let delay = options.initialDelayMs ?? 1000
  const started = now()
  const deadline = started + options.timeoutMs
  let lastStatus: string | undefined
  for (;;) {
    const result = await options.check()
    if (result.done) return result.value
    if (result.status !== undefined && result.status !== lastStatus) {
      lastStatus = result.status
      if (options.logStatus === false) options.progress?.note(result.status)
      else options.progress?.status(result.status)
      options.onStatus?.(result.status)
    }
    const remaining = deadline - now()
    if (remaining <= 0) throw new PollTimeoutError(options.what, now() - started, lastStatus)
    // Never sleep past the deadline: the last check happens at it, not after it.
    const pause = Math.min(delay, remaining)
    if (options.progress) await sleepWithProgress(pause, options.progress, sleep, now)
    else await sleep(pause)
    delay = Math.min(maxDelay, delay * factor)
  }
}
