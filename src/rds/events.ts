// RDS events (DescribeEvents), read one way for every mode: paginated, as one event type in
// RDS's own timestamps. create explains a failed creation with them, verify explains
// replication errors (RDS records them as "Read Replica Replication Error - IOError: 1236,
// reason: ..."), and the switchover puts the deployment's events on its timeline.
import { DescribeEventsCommand, type RDSClient, type SourceType } from '@aws-sdk/client-rds'

export interface RdsEvent {
  /** Epoch milliseconds. */
  at: number
  sourceType: string
  /** The identifier of the instance, cluster or deployment. */
  source: string
  message: string
  /** failure, notification, configuration change, ... */
  categories: string[]
}

export interface EventQuery {
  since: Date
  /** One type of source (and, optionally, one source of it); otherwise every event in the window. */
  sourceType?: SourceType
  sourceIdentifier?: string
  /** Stop after this many pages of 100 (a poll that only needs the newest). */
  maxPages?: number
}

/** DescribeEvents keeps 14 days. */
const RETENTION_MS = 14 * 24 * 3600_000

/** The start of a window covering `since` (a second before it), within what RDS keeps; an hour back without one. */
export function eventsSince(since: Date | undefined, now: number): Date {
  const start = since ? since.getTime() - 1000 : now - 3600_000
  return new Date(Math.max(start, now - RETENTION_MS + 60_000))
}

/** The events of the query, oldest first. */
export async function describeEvents(rds: RDSClient, query: EventQuery): Promise<RdsEvent[]> {
  const events: RdsEvent[] = []
  let marker: string | undefined
  let pages = 0
  do {
    const out = await rds.send(
      new DescribeEventsCommand({
        StartTime: query.since,
        ...(query.sourceType ? { SourceType: query.sourceType } : {}),
        ...(query.sourceIdentifier ? { SourceIdentifier: query.sourceIdentifier } : {}),
        MaxRecords: 100,
        ...(marker ? { Marker: marker } : {}),
      }),
    )
    for (const e of out.Events ?? []) {
      events.push({ at: e.Date?.getTime() ?? 0, sourceType: e.SourceType ?? query.sourceType ?? '', source: e.SourceIdentifier ?? '', message: e.Message ?? '', categories: e.EventCategories ?? [] })
    }
    marker = out.Marker
  } while (marker && ++pages < (query.maxPages ?? Infinity))
  return events.sort((a, b) => a.at - b.at)
}

/**
 * The events of several sources of different types since `since`: one call per source type
 * (asking for the source itself when the type has one), filtered to `sources`.
 */
export async function eventsOf(rds: RDSClient, sources: { type: SourceType; ids: Iterable<string> }[], since: Date): Promise<RdsEvent[]> {
  const events: RdsEvent[] = []
  for (const { type, ids } of sources) {
    const wanted = new Set([...ids].filter(Boolean))
    if (wanted.size === 0) continue
    const only = wanted.size === 1 ? [...wanted][0] : undefined
    for (const e of await describeEvents(rds, { since, sourceType: type, ...(only ? { sourceIdentifier: only } : {}) })) {
      if (wanted.has(e.source)) events.push(e)
    }
  }
  return events.sort((a, b) => a.at - b.at)
}
