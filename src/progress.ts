// A wait that shows it is alive. RDS takes tens of minutes to create a deployment and
// minutes to reboot; a log that stays quiet that long looks hung. Every wait logs its status
// when it changes and, when nothing was logged for `everyMs` (the progress-interval input,
// 30 s by default, at most 60 s), a line saying what it waits for, the status now and how
// long it has waited. The wait's loop calls tick() and sleeps at most untilDueMs(), so the
// lines come on time whatever the wait's own polling pace.
export interface WaitProgressOptions {
  /** What is awaited: "deployment bgd-abc to be AVAILABLE". */
  what: string
  everyMs: number
  now: () => number
  log: (line: string) => void
  /** The wait's limit, shown beside the elapsed time. */
  timeoutMs?: number
}

export class WaitProgress {
  private readonly startedAt: number
  private lastLineAt: number
  private current: string | undefined

  constructor(private readonly options: WaitProgressOptions) {
    this.startedAt = options.now()
    this.lastLineAt = this.startedAt
  }

  /** The status now, logged at once when it differs from the last one. */
  status(status: string): void {
    if (status === this.current) return
    this.current = status
    this.line('waiting for')
  }

  /** The status now, without a line of its own (the caller logged the change its own way). */
  note(status: string): void {
    this.current = status
    this.lastLineAt = this.options.now()
  }

  /** Logs a "still waiting" line when nothing was logged for everyMs. */
  tick(): void {
    if (this.options.now() - this.lastLineAt >= this.options.everyMs) this.line('still waiting for')
  }

  /** How long the wait may sleep before the next line is due. */
  untilDueMs(): number {
    return Math.max(0, this.lastLineAt + this.options.everyMs - this.options.now())
  }

  private line(prefix: string): void {
    const now = this.options.now()
    const limit = this.options.timeoutMs !== undefined ? ` of at most ${formatDuration(this.options.timeoutMs)}` : ''
    this.options.log(`${prefix} ${this.options.what}: ${this.current ?? 'no status yet'} (${formatDuration(now - this.startedAt)} elapsed${limit})`)
    this.lastLineAt = now
  }
}

/** `850 ms`, `42 s`, `4 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/**
 * Sleeps `ms` in steps, so that a progress line comes due on time during a long pause
 * (the probe tail, a pause between polls).
 */
export async function sleepWithProgress(ms: number, progress: WaitProgress, sleep: (ms: number) => Promise<void>, now: () => number): Promise<void> {
  const until = now() + ms
  for (;;) {
    progress.tick()
    const left = until - now()
    if (left <= 0) return
    await sleep(Math.min(left, Math.max(1, progress.untilDueMs())))
  }
}
