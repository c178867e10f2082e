import { describe, expect, it } from '@jest/globals'
import { poll, PollTimeoutError } from '../../../src/aws/poll.js'

/** A clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0
  const sleeps: number[] = []
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    sleeps,
  }
}

describe('poll', () => {
  it('checks at once, then backs off exponentially up to the cap', async () => {
    const time = fakeTime()
    let calls = 0
    const value = await poll({
      what: 'x',
      check: async () => (++calls === 7 ? { done: true, value: 'ready' } : { done: false }),
      timeoutMs: 600_000,
      initialDelayMs: 1000,
      factor: 2,
      maxDelayMs: 10_000,
      ...time,
    })
    expect(value).toBe('ready')
    expect(time.sleeps).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  it('reports each distinct status once, not once per poll', async () => {
    const time = fakeTime()
    const statuses = ['PROVISIONING', 'PROVISIONING', 'PROVISIONING', 'AVAILABLE']
    const seen: string[] = []
    await poll({
      what: 'deployment',
      check: async () => {
        const status = statuses.shift()!
        return status === 'AVAILABLE' ? { done: true, value: status } : { done: false, status }
      },
      onStatus: (s) => seen.push(s),
      timeoutMs: 60_000,
      ...time,
    })
    expect(seen).toEqual(['PROVISIONING'])
  })

  it('never sleeps past the deadline, checks at it, then times out naming what it waited for', async () => {
    const time = fakeTime()
    let checks = 0
    const promise = poll({
      what: 'deployment bgd-abc to be AVAILABLE',
      check: async () => {
        checks++
        return { done: false, status: 'PROVISIONING' }
      },
      timeoutMs: 5000,
      initialDelayMs: 2000,
      factor: 2,
      ...time,
    })
    await expect(promise).rejects.toThrow(new PollTimeoutError('deployment bgd-abc to be AVAILABLE', 5000, 'PROVISIONING'))
    await expect(promise).rejects.toThrow('Timed out after 5 s waiting for deployment bgd-abc to be AVAILABLE (last status: PROVISIONING)')
    expect(time.sleeps).toEqual([2000, 3000])
    expect(checks).toBe(3)
  })

  it('lets a failing check fail the poll', async () => {
    const time = fakeTime()
    await expect(poll({ what: 'x', check: () => Promise.reject(new Error('boom')), timeoutMs: 1000, ...time })).rejects.toThrow('boom')
  })
})
