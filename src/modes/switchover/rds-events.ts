// RDS events around the switchover (DescribeEvents), for the timeline: the deployment's own
// ("Switchover started", "Switchover in post-processing", "Switchover completed" or
// "canceled") and those of the databases involved, whose names change mid-switchover
// (blue becomes <name>-old1, green takes <name>). Read since shortly before the call,
// deduplicated, in RDS's own timestamps.
import { DescribeEventsCommand, type RDSClient } from '@aws-sdk/client-rds'

export interface RdsEventRecord {
  at: number
  sourceType: string
  sourceId: string
  message: string
}

const MAX_PAGES = 5

export class RdsEventLog {
  private readonly seen = new Set<string>()
  readonly events: RdsEventRecord[] = []
  failures = 0

  constructor(
    private readonly rds: RDSClient,
    /** Identifiers whose events belong to this switchover (deployment id, blue, green, their new names). */
    private readonly sources: Set<string>,
    private readonly since: Date,
  ) {}

  /** Adds a name to follow (e.g. <name>-old1 once the rename is known). */
  follow(identifier: string): void {
    this.sources.add(identifier)
  }

  /** Fetches new events; a failed read is counted and retried at the next poll (events are context, not proof). */
  async poll(): Promise<RdsEventRecord[]> {
    const fresh: RdsEventRecord[] = []
    try {
      let marker: string | undefined
      let pages = 0
      do {
        const out = await this.rds.send(new DescribeEventsCommand({ StartTime: this.since, MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }))
        for (const e of out.Events ?? []) {
          const sourceId = e.SourceIdentifier ?? ''
          if (!this.sources.has(sourceId) && !this.follows(sourceId)) continue
          const at = e.Date?.getTime() ?? 0
          const key = `${at}|${sourceId}|${e.Message ?? ''}`
          if (this.seen.has(key)) continue
          this.seen.add(key)
          const record = { at, sourceType: e.SourceType ?? '', sourceId, message: e.Message ?? '' }
          this.events.push(record)
          fresh.push(record)
        }
        marker = out.Marker
      } while (marker && ++pages < MAX_PAGES)
    } catch {
      this.failures++
    }
    this.events.sort((a, b) => a.at - b.at)
    return fresh
  }

  /** Renamed members: <name>-old1 (and -oldN) of a followed name. */
  private follows(id: string): boolean {
    const base = /^(.*)-old\d+$/.exec(id)?.[1]
    return base !== undefined && this.sources.has(base)
  }
}
