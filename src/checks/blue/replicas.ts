// Replication topologies Blue/Green Deployments do not support: blue being a replica itself
// (an RDS read replica or an Aurora replica cluster), cascading read replicas (a replica of
// blue with replicas of its own), and cross-Region read replicas. An external binlog source
// is found on the running server (external-replication.ts).
import type { DBInstance } from '@aws-sdk/client-rds'
import type { Database } from '../../rds/database.js'
import { parseRdsArn } from '../../rds/arn.js'
import { finding, type Finding } from '../../findings/finding.js'

/** Identifiers of blue's read replicas in this Region (the ones to describe for checkReplicaTopology). */
export function sameRegionReplicaIds(db: Database, region: string): string[] {
  if (db.kind !== 'instance') return []
  return (db.instances[0]?.ReadReplicaDBInstanceIdentifiers ?? []).filter((id) => {
    const arn = parseRdsArn(id)
    return !arn || arn.region === region
  }).map((id) => parseRdsArn(id)?.identifier ?? id)
}

/** `replicas`: blue's same-Region read replicas as DescribeDBInstances returns them. */
export function checkReplicaTopology(db: Database, replicas: DBInstance[], region: string): Finding[] {
  const findings: Finding[] = []
  const source = db.kind === 'instance' ? db.instances[0]?.ReadReplicaSourceDBInstanceIdentifier : db.cluster?.ReplicationSourceIdentifier
  if (source) {
    findings.push(
      finding({
        code: 'SOURCE_IS_REPLICA',
        subject: db.identifier,
        message: `${db.identifier} is a read replica of ${source}; Blue/Green Deployments are created from the primary, not from a replica.`,
        remedy: `Use the primary (${parseRdsArn(source)?.identifier ?? source}) as source, or promote ${db.identifier} first (aws rds promote-read-replica${db.kind === 'cluster' ? '-db-cluster' : ''}).`,
      }),
    )
  }
  const crossRegion =
    db.kind === 'instance'
      ? (db.instances[0]?.ReadReplicaDBInstanceIdentifiers ?? []).filter((id) => {
          const arn = parseRdsArn(id)
          return arn !== undefined && arn.region !== region
        })
      : (db.cluster?.ReadReplicaIdentifiers ?? [])
  for (const replica of crossRegion) {
    findings.push(
      finding({
        code: 'CROSS_REGION_REPLICA',
        subject: replica,
        message: `${db.identifier} has the cross-Region read replica ${replica}; Blue/Green Deployments do not support cross-Region replicas.`,
        remedy: `Delete or promote the cross-Region replica ${replica} before creating the deployment, and recreate it after the switchover.`,
      }),
    )
  }
  for (const replica of replicas) {
    const own = replica.ReadReplicaDBInstanceIdentifiers ?? []
    if (own.length === 0) continue
    findings.push(
      finding({
        code: 'CASCADING_REPLICA',
        subject: replica.DBInstanceIdentifier ?? '',
        message: `The read replica ${replica.DBInstanceIdentifier} of ${db.identifier} has read replicas of its own (${own.join(', ')}); Blue/Green Deployments do not support cascading replicas.`,
        remedy: `Make ${own.join(', ')} replicas of ${db.identifier} directly (or delete them) before creating the deployment.`,
      }),
    )
  }
  return findings
}
