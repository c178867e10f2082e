// The RDS events of the deployment and of green's members since the deployment was created
// (one paginated call per source type, src/rds/events.ts). RDS records green's replication
// errors there as
//   "Read Replica Replication Error - IOError: 1236, reason: Got fatal error 1236 ..."
// which is what an operator sees in the console (seed 003 found its 1062 this way).
import type { BlueGreenDeployment, RDSClient } from '@aws-sdk/client-rds'
import { eventsOf, eventsSince, type RdsEvent } from '../../rds/events.js'
import type { Green } from '../../rds/green.js'

export interface ReplicationErrorEvent {
  /** Epoch milliseconds. */
  at: number
  source: string
  thread: 'IO' | 'SQL'
  errno: number
  reason: string
}

/** The events of the deployment and of green's members since the deployment was created (DescribeEvents keeps 14 days). */
export async function readGreenEvents(rds: RDSClient, deployment: BlueGreenDeployment, green: Green, now: () => number = Date.now): Promise<RdsEvent[]> {
  const instanceIds = new Set<string>(green.instances.map((i) => i.DBInstanceIdentifier ?? ''))
  for (const detail of deployment.SwitchoverDetails ?? []) {
    const target = detail.TargetMember ?? ''
    if (target.includes(':db:')) instanceIds.add(target.split(':').pop() ?? '')
  }
  return eventsOf(
    rds,
    [
      { type: 'blue-green-deployment', ids: [deployment.BlueGreenDeploymentIdentifier ?? ''] },
      { type: 'db-instance', ids: instanceIds },
      ...(green.kind === 'cluster' ? [{ type: 'db-cluster' as const, ids: [green.identifier] }] : []),
    ],
    eventsSince(deployment.CreateTime, now()),
  )
}

const REPLICATION_ERROR = /Replication Error - (IO|SQL)Error: (\d+), reason: ([\s\S]*)$/

/** The replication error events among `events`, oldest first. */
export function replicationErrorEvents(events: RdsEvent[]): ReplicationErrorEvent[] {
  const out: ReplicationErrorEvent[] = []
  for (const e of events) {
    const match = REPLICATION_ERROR.exec(e.message)
    if (!match) continue
    out.push({ at: e.at, source: e.source, thread: match[1] as 'IO' | 'SQL', errno: Number(match[2]), reason: (match[3] ?? '').trim() })
  }
  return out
}
