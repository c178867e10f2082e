// Final snapshots of a deleted old blue: a DB snapshot (RDS for MySQL) or a DB cluster
// snapshot (Aurora), found by identifier.
import { DescribeDBClusterSnapshotsCommand, DescribeDBSnapshotsCommand, type RDSClient } from '@aws-sdk/client-rds'
import type { DatabaseKind } from './arn.js'
import { isAwsError } from './errors.js'

/** The snapshot's status as RDS describes it (creating, available, ...), or undefined when there is none. */
export async function snapshotStatus(rds: RDSClient, kind: DatabaseKind, id: string): Promise<string | undefined> {
  try {
    if (kind === 'instance') return (await rds.send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: id }))).DBSnapshots?.[0]?.Status
    return (await rds.send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: id }))).DBClusterSnapshots?.[0]?.Status
  } catch (error) {
    if (isAwsError(error, 'DBSnapshotNotFound', 'DBClusterSnapshotNotFoundFault')) return undefined
    throw error
  }
}
