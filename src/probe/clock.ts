// Time sources for the prober, injectable so the scheduler can be tested without waiting.
// The default clock is monotonic (performance.now) but expressed as epoch milliseconds
// (performance.timeOrigin + now), so a wall-clock step during a run cannot bend the
// schedule or a latency, and records still line up with RDS event timestamps.

export interface Clock {
  /** Epoch milliseconds, fractional, never going backwards. */
  now(): number
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const monotonicClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
}

export const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}
