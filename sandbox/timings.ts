// How long the sandbox's simulated control-plane operations take. Real servers start and
// copy as fast as they can; these add the waits RDS shows (statuses a client can observe)
// and shape the switchover's interruption. Defaults keep a whole lifecycle in seconds.
export interface SwitchoverTimings {
  /** Blue stays read-only (writes get 1290) this long before the endpoints move. */
  readOnlyMs: number
  /** After the endpoints move, new connections are refused (or hang) this long. */
  unavailableMs: number
  unavailableMode: 'refuse' | 'hang'
  /** SWITCHOVER_IN_POST_PROCESSING before SWITCHOVER_COMPLETED is reported. */
  postProcessingMs: number
}

export interface Timings {
  /** Each blue/green creation task stays IN_PROGRESS at least this long. */
  taskMs: number
  /** Extra time an instance reports `rebooting` beyond the real restart. */
  rebootMs: number
  /** Time an instance reports `modifying` after ModifyDBInstance with ApplyImmediately. */
  modifyMs: number
  /** Time a deletion stays in `deleting`. */
  deleteMs: number
  /** How often green replication is checked for errors (becoming RDS events). */
  replicationPollMs: number
  switchover: SwitchoverTimings
}

export const DEFAULT_TIMINGS: Timings = {
  taskMs: 300,
  rebootMs: 200,
  modifyMs: 200,
  deleteMs: 200,
  replicationPollMs: 200,
  switchover: { readOnlyMs: 500, unavailableMs: 500, unavailableMode: 'refuse', postProcessingMs: 300 },
}

export type TimingsInput = Partial<Omit<Timings, 'switchover'>> & { switchover?: Partial<SwitchoverTimings> }

export function resolveTimings(input: TimingsInput = {}): Timings {
  return { ...DEFAULT_TIMINGS, ...input, switchover: { ...DEFAULT_TIMINGS.switchover, ...input.switchover } }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
