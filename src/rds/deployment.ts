// Finding the Blue/Green Deployment a run works on, and reading its members.
// After a switchover RDS renames the databases: the deployment's Source becomes the old
// blue (`<name>-old1`) and its Target the name the source had. So a deployment is found
// for a source by its Source ARN before a switchover and by its Target ARN after one.
import {
  type BlueGreenDeployment,
  DescribeBlueGreenDeploymentsCommand,
  type Filter,
  type RDSClient,
} from '@aws-sdk/client-rds'
import type { DeploymentRef } from '../inputs/types.js'
import { parseRdsArn, type RdsArn } from './arn.js'
import { isAwsError } from './errors.js'

/** Statuses in which a deployment still exists and belongs to its source. */
const LIVE = new Set(['PROVISIONING', 'AVAILABLE', 'SWITCHOVER_IN_PROGRESS', 'SWITCHOVER_COMPLETED', 'SWITCHOVER_FAILED', 'INVALID_CONFIGURATION'])

async function describe(rds: RDSClient, filters?: Filter[], identifier?: string): Promise<BlueGreenDeployment[]> {
  const found: BlueGreenDeployment[] = []
  let marker: string | undefined
  do {
    const out = await rds.send(
      new DescribeBlueGreenDeploymentsCommand({
        ...(identifier ? { BlueGreenDeploymentIdentifier: identifier } : {}),
        ...(filters ? { Filters: filters } : {}),
        ...(marker ? { Marker: marker } : {}),
      }),
    )
    found.push(...(out.BlueGreenDeployments ?? []))
    marker = out.Marker
  } while (marker)
  return found
}

/** How a `deployment` input reads in messages: its identifier or its name. */
export function deploymentRefName(ref: DeploymentRef): string {
  return ref.by === 'id' ? ref.id : ref.name
}

/** One deployment by identifier; undefined when RDS does not know it. */
export async function describeDeployment(rds: RDSClient, id: string): Promise<BlueGreenDeployment | undefined> {
  try {
    return (await describe(rds, undefined, id))[0]
  } catch (error) {
    if (isAwsError(error, 'BlueGreenDeploymentNotFoundFault')) return undefined
    throw error
  }
}

/**
 * The deployment for `sourceArn`: the one named by `ref` when given (it must belong to the
 * source), otherwise the live one whose Source (before switchover) or Target (after) is the
 * source. Undefined when there is none.
 */
export async function findDeployment(
  rds: RDSClient,
  sourceArn: string,
  ref?: DeploymentRef,
): Promise<BlueGreenDeployment | undefined> {
  if (ref?.by === 'id') return describeDeployment(rds, ref.id)
  const nameFilter: Filter[] = ref?.by === 'name' ? [{ Name: 'blue-green-deployment-name', Values: [ref.name] }] : []
  for (const side of ['source', 'target'] as const) {
    const matches = (await describe(rds, [{ Name: side, Values: [sourceArn] }, ...nameFilter])).filter((d) =>
      LIVE.has(d.Status ?? ''),
    )
    // Newest first: a source can have an old deployment kept after switchover and a new one.
    matches.sort((a, b) => (b.CreateTime?.getTime() ?? 0) - (a.CreateTime?.getTime() ?? 0))
    if (matches[0]) return matches[0]
  }
  return undefined
}

export interface DeploymentMember {
  blue: RdsArn
  green: RdsArn
  status: string
}

/** The blue -> green pairs of a deployment (instances, and for Aurora the cluster itself). */
export function deploymentMembers(deployment: BlueGreenDeployment): DeploymentMember[] {
  const members: DeploymentMember[] = []
  for (const detail of deployment.SwitchoverDetails ?? []) {
    const blue = parseRdsArn(detail.SourceMember ?? '')
    const green = parseRdsArn(detail.TargetMember ?? '')
    if (blue && green) members.push({ blue, green, status: detail.Status ?? 'unknown' })
  }
  return members
}

/** The green database (the deployment's Target) as an ARN. */
export function greenOf(deployment: BlueGreenDeployment): RdsArn | undefined {
  return parseRdsArn(deployment.Target ?? '')
}
