// RDS events around the switchover (DescribeEvents), for the timeline: the deployment's own
// ("Switchover started", "Switchover in post-processing", "Switchover completed" or
// "canceled") and those of the databases involved, whose names change mid-switchover
// (blue becomes <name>-old1, green takes <name>). Read since shortly before the call,
// deduplicated, in RDS's own timestamps.
import type { RDSClient } from '@aws-sdk/client-rds'
import { describeEvents, type RdsEvent } from '../../rds/events.js'

const MAX_PAGES = 5

export class RdsEventLog {
  private readonly seen = new Set<string>()
  readonly events: RdsEvent[] = []
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
  async poll(): Promise<RdsEvent[]> {
    const fresh: RdsEvent[] = []
    try {
      for (const e of await describeEvents(this.rds, { since: this.since, maxPages: MAX_PAGES })) {
        if (!this.sources.has(e.source) && !this.follows(e.source)) continue
        const key = `${e.at}|${e.source}|${e.message}`
        if (this.seen.has(key)) continue
        this.seen.add(key)
        this.events.push(e)
        fresh.push(e)
      }
    } catch {
      this.failures++
    }
    this.events.sort((x, y) => x.at - y.at)
    return fresh
  }

  /** Renamed members: <name>-old1 (and -oldN) of a followed name. */
  private follows(id: string): boolean {
    const base = /^(.*)-old\d+$/.exec(id)?.[1]
    return base !== undefined && this.sources.has(base)
  }
}
