// Following the switchover: DescribeBlueGreenDeployments by identifier, with call starts
// `periodMs` apart (600 ms: never three calls within one second, even when one answer comes
// back a little slower than the next), so a status change is seen within the period plus
// one call's latency (well under the 1 s the action aims for), until the status leaves
// SWITCHOVER_IN_PROGRESS or the deadline passes. The first look waits one period too: the
// caller has just read the deployment (or started the switchover, whose answer carries it).
// Every status change (of the deployment or a member pair) is reported with the time it
// was first seen. A failed call (after the SDK's own retries) is counted and the next look
// comes one period later: the switchover runs on regardless.
import type { BlueGreenDeployment, RDSClient } from '@aws-sdk/client-rds'
import type { WaitProgress } from '../../progress.js'
import { describeDeployment } from '../../rds/deployment.js'

export const DEFAULT_POLL_PERIOD_MS = 600

export interface StatusChange {
  at: number
  status: string
  /** Member pairs as `source -> target: STATUS`. */
  members: string[]
}

export interface WatchResult {
  /** The last status seen: SWITCHOVER_COMPLETED, SWITCHOVER_FAILED, AVAILABLE (rolled back), or SWITCHOVER_IN_PROGRESS at the deadline. */
  status: string
  deployment: BlueGreenDeployment | undefined
  /** When the final status was first seen (the call that returned it had started at `lookedAt`). */
  noticedAt: number
  lookedAt: number
  timedOut: boolean
  calls: number
  failedCalls: number
  /** When each DescribeBlueGreenDeployments call started. */
  callStarts: number[]
  changes: StatusChange[]
}

/** The most calls that started within any one second (a window [t, t + 1000) opened at a call). */
export function maxCallsPerSecond(starts: readonly number[]): number {
  let max = 0
  let from = 0
  for (let to = 0; to < starts.length; to++) {
    while ((starts[to] as number) - (starts[from] as number) >= 1000) from++
    max = Math.max(max, to - from + 1)
  }
  return max
}

export interface WatchOptions {
  rds: RDSClient
  id: string
  /** Stop waiting (timedOut) once this time passes with the switchover still in progress. */
  deadline: number
  periodMs?: number
  now: () => number
  sleep: (ms: number) => Promise<void>
  onChange?: (change: StatusChange, deployment: BlueGreenDeployment) => void
  /** Told each status (logged by onChange) and ticked each look, so a long switchover still logs at the progress-interval. */
  progress?: Pick<WaitProgress, 'note' | 'tick'>
}

const last = (arn: string | undefined): string => arn?.split(':').pop() ?? '?'

function membersOf(d: BlueGreenDeployment): string[] {
  return (d.SwitchoverDetails ?? []).map((m) => `${last(m.SourceMember)} -> ${last(m.TargetMember)}: ${m.Status ?? '?'}`)
}

export async function watchSwitchover(options: WatchOptions): Promise<WatchResult> {
  const period = options.periodMs ?? DEFAULT_POLL_PERIOD_MS
  const { now, sleep } = options
  const changes: StatusChange[] = []
  await sleep(period)
  let calls = 0
  let failedCalls = 0
  const callStarts: number[] = []
  let previous = ''
  let deployment: BlueGreenDeployment | undefined
  let status = 'SWITCHOVER_IN_PROGRESS'
  for (;;) {
    const lookedAt = now()
    callStarts.push(lookedAt)
    try {
      calls++
      deployment = await describeDeployment(options.rds, options.id)
      status = deployment?.Status ?? 'NOT_FOUND'
    } catch {
      failedCalls++
    }
    const seenAt = now()
    if (deployment) {
      const members = membersOf(deployment)
      const key = `${status}|${members.join(',')}`
      if (key !== previous) {
        previous = key
        const change = { at: seenAt, status, members }
        changes.push(change)
        options.onChange?.(change, deployment)
        options.progress?.note(`${status}${members.length ? `; ${members.join(', ')}` : ''}`)
      }
    }
    options.progress?.tick()
    const done = status !== 'SWITCHOVER_IN_PROGRESS'
    const timedOut = !done && now() >= options.deadline
    if (done || timedOut) {
      return { status, deployment, noticedAt: seenAt, lookedAt, timedOut, calls, failedCalls, callStarts, changes }
    }
    await sleep(Math.max(0, lookedAt + period - now()))
  }
}
