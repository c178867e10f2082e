import { describe, expect, it } from '@jest/globals'
import type { Clock, Timers } from '../../src/probe/clock.js'
import { resolveProberOptions, type ProberOptions } from '../../src/probe/options.js'
import { startSchedule } from '../../src/probe/schedule.js'

// A hand-driven clock and timer queue: the scheduler's arithmetic is checked without
// waiting, and a timer can be made to fire late, which real timers do only by chance.
class ManualTime implements Clock, Timers {
  t = 1_000_000
  private nextId = 1
  private queue: Array<{ id: number; at: number; callback: () => void }> = []

  now(): number {
    return this.t
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++
    this.queue.push({ id, at: this.t + ms, callback })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((q) => q.id !== handle)
  }

  get pending(): number {
    return this.queue.length
  }

  /** Fires the earliest timer `lateMs` after it was due. */
  fireNext(lateMs = 0): void {
    this.queue.sort((a, b) => a.at - b.at)
    const next = this.queue.shift()
    if (!next) throw new Error('no timer pending')
    this.t = Math.max(this.t, next.at + lateMs)
    next.callback()
  }
}

describe('probe schedule', () => {
  it('fires slot n at start + (n-1) * interval, and a late timer does not shift later slots', () => {
    const time = new ManualTime()
    const slots: Array<[number, number, number]> = []
    const schedule = startSchedule({
      intervalMs: 100,
      clock: time,
      timers: time,
      onSlot: (seq, at) => slots.push([seq, at, time.now()]),
    })
    const t0 = schedule.firstAt
    time.fireNext() // slot 2 on time
    time.fireNext(37) // slot 3 fires 37 ms late
    time.fireNext() // slot 4 must still be due at t0 + 300, not t0 + 337
    time.fireNext(3)
    schedule.stop()
    expect(slots.map(([seq, at]) => [seq, at - t0])).toEqual([
      [1, 0],
      [2, 100],
      [3, 200],
      [4, 300],
      [5, 400],
    ])
    expect(slots.map(([, at, ran]) => ran - at)).toEqual([0, 0, 37, 0, 3])
  })

  it('after a stall longer than several intervals, runs every slot that came due with its own scheduled time', () => {
    const time = new ManualTime()
    const slots: Array<[number, number]> = []
    const schedule = startSchedule({ intervalMs: 100, clock: time, timers: time, onSlot: (seq, at) => slots.push([seq, at]) })
    time.fireNext(350) // due at +100, fires at +450: slots 2..5 are all due
    schedule.stop()
    expect(slots.map(([seq, at]) => [seq, at - schedule.firstAt])).toEqual([
      [1, 0],
      [2, 100],
      [3, 200],
      [4, 300],
      [5, 400],
    ])
  })

  it('does not wait for a slot to finish: work that never ends does not hold back the next slot', () => {
    const time = new ManualTime()
    const started: number[] = []
    const never: Array<Promise<void>> = []
    const schedule = startSchedule({
      intervalMs: 100,
      clock: time,
      timers: time,
      onSlot: (seq) => {
        started.push(seq)
        never.push(new Promise<void>(() => undefined)) // a probe that hangs forever
      },
    })
    for (let i = 0; i < 9; i++) time.fireNext()
    schedule.stop()
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(time.pending).toBe(0)
  })

  it('stop() clears the pending timer and fires nothing more', () => {
    const time = new ManualTime()
    const started: number[] = []
    const schedule = startSchedule({ intervalMs: 250, clock: time, timers: time, onSlot: (seq) => started.push(seq) })
    expect(time.pending).toBe(1)
    schedule.stop()
    expect(time.pending).toBe(0)
    expect(started).toEqual([1])
  })
})

describe('prober options', () => {
  const base: ProberOptions = {
    endpoint: { host: 'db.example.com', port: 3306 },
    connection: { user: 'app', password: 'secret' },
    heartbeatTable: { schema: 'rds_blue_green', table: 'heartbeat' },
    token: 'run-1',
    intervalMs: 1000,
  }

  it('derives its timeouts shorter than the interval', () => {
    const o = resolveProberOptions(base)
    expect(o.intervalMs).toBe(1000)
    expect(o.connectTimeoutMs).toBe(900)
    expect(o.queryTimeoutMs).toBe(900)
    expect(resolveProberOptions({ ...base, intervalMs: 100 }).connectTimeoutMs).toBe(90)
  })

  it.each([
    [{ intervalMs: 99 }, /intervalMs is 99: give whole milliseconds from 100/],
    [{ intervalMs: 150.5 }, /intervalMs is 150.5/],
    [{ intervalMs: 200, connectTimeoutMs: 200 }, /connectTimeoutMs is 200: .*shorter than the 200 ms interval/],
    [{ queryTimeoutMs: 0 }, /queryTimeoutMs is 0/],
    [{ token: '' }, /token is "": give 1-64 printable characters/],
    [{ token: 'has space' }, /token is "has space"/],
    [{ token: 'x'.repeat(65) }, /token is "x{65}"/],
    [{ endpoint: { host: ' ', port: 3306 } }, /endpoint.host is " "/],
    [{ endpoint: { host: 'db', port: 70000 } }, /endpoint.port is 70000/],
    [{ connection: { socketPath: '/tmp/mysql.sock' } }, /sets socketPath or stream: remove them/],
  ])('refuses %j with a message naming the option, the value and the fix', (override, message) => {
    expect(() => resolveProberOptions({ ...base, ...override } as ProberOptions)).toThrow(message)
  })
})
