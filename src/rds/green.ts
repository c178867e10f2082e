// The green side of a deployment as RDS describes it: for RDS for MySQL every green instance
// (the primary and the green copies of blue's read replicas, one call), for Aurora the green
// cluster with its instances (two calls). Green's names are fixed when the deployment is
// created, so they can be described while it is still provisioning.
import { type BlueGreenDeployment, DescribeDBInstancesCommand, type RDSClient } from '@aws-sdk/client-rds'
import { describeDatabase, type Database } from './database.js'
import { deploymentMembers, greenOf } from './deployment.js'

/** Green's database; for RDS for MySQL `instances` holds every green instance, the primary first. */
export async function describeGreen(rds: RDSClient, deployment: BlueGreenDeployment): Promise<Database> {
  const target = greenOf(deployment)
  if (!target) throw new Error(`deployment ${deployment.BlueGreenDeploymentIdentifier ?? ''} names no green target yet`)
  if (target.kind === 'cluster') return describeDatabase(rds, target.identifier, 'cluster')
  const ids = deploymentMembers(deployment).filter((m) => m.green.kind === 'instance').map((m) => m.green.identifier)
  if (ids.length <= 1) return describeDatabase(rds, target.identifier, 'instance')
  const [primary, out] = await Promise.all([
    describeDatabase(rds, target.identifier, 'instance'),
    rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: 'db-instance-id', Values: ids }] })),
  ])
  const others = (out.DBInstances ?? []).filter((i) => i.DBInstanceIdentifier !== target.identifier)
  return { ...primary, instances: [...primary.instances, ...others] }
}

/** The identifiers the green-identifiers output lists: the green cluster (Aurora) or the green instances. */
export function greenIdentifiers(green: Database): string[] {
  return green.kind === 'cluster' ? [green.identifier] : green.instances.map((i) => i.DBInstanceIdentifier ?? '').filter(Boolean)
}
