// Recent RDS events of several resources (a deployment, blue, green), for explaining a
// failure: DescribeEvents per source with SourceType and Duration (minutes back from now,
// RDS keeps 14 days), merged and sorted by time.
import { DescribeEventsCommand, type Event, type RDSClient, type SourceType } from '@aws-sdk/client-rds'

export interface EventSource {
  type: SourceType
  id: string
}

const MAX_MINUTES = 14 * 24 * 60

/** Minutes to look back so the window covers `since` (at least an hour, at most RDS's 14 days). */
export function minutesSince(since: Date | undefined, now: number): number {
  const minutes = since ? Math.ceil((now - since.getTime()) / 60_000) + 5 : 60
  return Math.min(MAX_MINUTES, Math.max(60, minutes))
}

/** The events of every source in the window, oldest first, at most `limit` (the newest ones). */
export async function recentEvents(rds: RDSClient, sources: EventSource[], durationMinutes: number, limit = 50): Promise<Event[]> {
  const all: Event[] = []
  for (const source of sources) {
    let marker: string | undefined
    do {
      const out = await rds.send(
        new DescribeEventsCommand({ SourceType: source.type, SourceIdentifier: source.id, Duration: durationMinutes, MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }),
      )
      all.push(...(out.Events ?? []))
      marker = out.Marker
    } while (marker)
  }
  all.sort((a, b) => (a.Date?.getTime() ?? 0) - (b.Date?.getTime() ?? 0))
  return all.slice(-limit)
}
