// The RDS events of the deployment and of green's members since the deployment was created
// (DescribeEvents: one paginated call per source type, filtered here, rather than one call
// per member). RDS records green's replication errors there as
//   "Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 ..."
// which is what an operator sees in the console (seed 003 found its 1062 this way).
import { type BlueGreenDeployment, DescribeEventsCommand, type RDSClient, type SourceType } from '@aws-sdk/client-rds'
import type { GreenTopology } from './green-members.js'

export interface GreenEvent {
  at: Date
  sourceType: string
  source: string
  message: string
}

export interface ReplicationErrorEvent {
  at: Date
  source: string
  thread: 'IO' | 'SQL'
  errno: number
  reason: string
}

/** DescribeEvents keeps 14 days; a deployment older than that shows the last 14 days. */
const RETENTION_MS = 14 * 24 * 3600_000

export async function readGreenEvents(
  rds: RDSClient,
  deployment: BlueGreenDeployment,
  green: GreenTopology,
  now: () => number = Date.now,
): Promise<GreenEvent[]> {
  const created = deployment.CreateTime?.getTime() ?? now() - 3600_000
  const start = new Date(Math.max(created - 1000, now() - RETENTION_MS + 60_000))
  const wanted: { type: SourceType; ids: Set<string> }[] = [
    { type: 'blue-green-deployment', ids: new Set([deployment.BlueGreenDeploymentIdentifier ?? '']) },
  ]
  const instanceIds = new Set<string>(green.instances.map((i) => i.DBInstanceIdentifier ?? ''))
  for (const detail of deployment.SwitchoverDetails ?? []) {
    const target = detail.TargetMember ?? ''
    if (target.includes(':db:')) instanceIds.add(target.split(':').pop() ?? '')
  }
  wanted.push({ type: 'db-instance', ids: instanceIds })
  if (green.kind === 'cluster') wanted.push({ type: 'db-cluster', ids: new Set([green.identifier]) })

  const events: GreenEvent[] = []
  for (const { type, ids } of wanted) {
    // One source identifier: ask for it directly; several: one call for the type, filtered here.
    const only = ids.size === 1 ? [...ids][0] : undefined
    let marker: string | undefined
    do {
      const out = await rds.send(
        new DescribeEventsCommand({
          SourceType: type,
          ...(only ? { SourceIdentifier: only } : {}),
          StartTime: start,
          MaxRecords: 100,
          ...(marker ? { Marker: marker } : {}),
        }),
      )
      for (const e of out.Events ?? []) {
        if (!ids.has(e.SourceIdentifier ?? '')) continue
        events.push({ at: e.Date ?? new Date(0), sourceType: type, source: e.SourceIdentifier ?? '', message: e.Message ?? '' })
      }
      marker = out.Marker
    } while (marker)
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime())
}

const REPLICATION_ERROR = /Replication Error - (IO|SQL)Error: (\d+), reason: ([\s\S]*)$/

/** The replication error events among `events`, oldest first. */
export function replicationErrorEvents(events: GreenEvent[]): ReplicationErrorEvent[] {
  const out: ReplicationErrorEvent[] = []
  for (const e of events) {
    const match = REPLICATION_ERROR.exec(e.message)
    if (!match) continue
    out.push({ at: e.at, source: e.source, thread: match[1] as 'IO' | 'SQL', errno: Number(match[2]), reason: (match[3] ?? '').trim() })
  }
  return out
}
