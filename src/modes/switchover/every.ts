// A background task repeated every `periodMs` (start to start) until stopped, never two at
// once; stop() waits for the run in progress. Used for reading RDS events while the mode
// polls the deployment, so a slow DescribeEvents never delays a status look.
export interface Repeating {
  stop(): Promise<void>
}

export function every(periodMs: number, task: () => Promise<unknown>): Repeating {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let running: Promise<unknown> = Promise.resolve()
  const schedule = (delay: number): void => {
    timer = setTimeout(() => {
      if (stopped) return
      const started = Date.now()
      running = task()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) schedule(Math.max(0, started + periodMs - Date.now()))
        })
    }, delay)
  }
  schedule(periodMs)
  return {
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
