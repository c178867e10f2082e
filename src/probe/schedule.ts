// Fires slot n at the absolute time start + (n - 1) * interval. Each timer is set for the
// next slot's target computed from the start, never from "now + interval", so a late timer
// makes that one slot late but does not shift any later one (no drift). A timer late by
// more than an interval runs every slot that came due, each with its own scheduled time
// (their lateness then shows as jitter). The slot callback must not block: the prober
// starts a probe and returns, so a hung probe never holds back the next slot.
import type { Clock, Timers } from './clock.js'

export interface Schedule {
  /** The scheduled time of slot 1. */
  readonly firstAt: number
  /** Stops firing; a slot whose timer already fired is not undone. */
  stop(): void
}

export function startSchedule(options: {
  intervalMs: number
  clock: Clock
  timers: Timers
  onSlot: (seq: number, scheduledAt: number) => void
}): Schedule {
  const { intervalMs, clock, timers, onSlot } = options
  const firstAt = clock.now()
  let next = 1
  let handle: unknown
  let stopped = false

  const fire = (): void => {
    handle = undefined
    if (stopped) return
    const now = clock.now()
    while (!stopped && firstAt + (next - 1) * intervalMs <= now) {
      const seq = next++
      onSlot(seq, firstAt + (seq - 1) * intervalMs)
    }
    if (stopped) return
    // Timers have millisecond granularity and may fire a fraction early; a slot not yet due
    // simply gets another timer.
    const delay = Math.max(0, Math.ceil(firstAt + (next - 1) * intervalMs - clock.now()))
    handle = timers.setTimeout(fire, delay)
  }

  fire()
  return {
    firstAt,
    stop() {
      stopped = true
      if (handle !== undefined) timers.clearTimeout(handle)
      handle = undefined
    },
  }
}
