// Finding resources by identifier or ARN, with RDS's not-found errors.
import type { Context } from './context.js'
import { notFound, missingParameter } from './errors.js'
import { type Cluster, type Deployment, type Instance, RdsState } from './model.js'

export function requireString(input: object, name: string): string {
  const value = (input as Record<string, unknown>)[name]
  if (typeof value !== 'string' || value === '') throw missingParameter(name)
  return value
}

export function findInstance(ctx: Context, idOrArn: string): Instance {
  const id = RdsState.idFromArn(idOrArn)
  const instance = ctx.state.instances.get(id)
  if (!instance) throw notFound.instance(id)
  return instance
}

export function findCluster(ctx: Context, idOrArn: string): Cluster {
  const id = RdsState.idFromArn(idOrArn)
  const cluster = ctx.state.clusters.get(id)
  if (!cluster) throw notFound.cluster(id)
  return cluster
}

export function findDeployment(ctx: Context, id: string): Deployment {
  const deployment = ctx.state.deployments.get(id)
  if (!deployment) throw notFound.deployment(id)
  return deployment
}

/** The deployment (not deleted) in which this instance or cluster is blue or green, if any. */
export function deploymentOf(ctx: Context, id: string): Deployment | undefined {
  return [...ctx.state.deployments.values()].find(
    (d) => d.status !== 'DELETING' && d.details.some((m) => m.source === id || m.target === id),
  )
}
