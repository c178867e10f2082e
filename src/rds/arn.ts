// RDS ARNs: arn:<partition>:rds:<region>:<account>:db:<instance> or :cluster:<cluster>.
// Blue/Green Deployments name their source, target and members by ARN only.

export type DatabaseKind = 'instance' | 'cluster'

export interface RdsArn {
  partition: string
  region: string
  accountId: string
  kind: DatabaseKind
  /** The identifier as written in the ARN (RDS identifiers are lowercase). */
  identifier: string
}

const RDS_ARN = /^arn:(aws[a-z-]*):rds:([a-z0-9-]+):(\d{12}):(db|cluster):(.+)$/

/** Parses a DB instance or DB cluster ARN; undefined for anything else. */
export function parseRdsArn(value: string): RdsArn | undefined {
  const match = RDS_ARN.exec(value)
  if (!match) return undefined
  const [, partition, region, accountId, type, identifier] = match as unknown as [string, string, string, string, string, string]
  return { partition, region, accountId, kind: type === 'db' ? 'instance' : 'cluster', identifier }
}
