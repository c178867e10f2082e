// ListTagsForResource by ARN: instances, clusters, parameter groups, deployments, snapshots.
import type { ListTagsForResourceMessage, TagListMessage } from '@aws-sdk/client-rds'
import type { Context } from './context.js'
import { RdsError, notFound } from './errors.js'
import { requireString } from './lookup.js'
import type { Tag } from './model.js'

export async function listTagsForResource(ctx: Context, input: ListTagsForResourceMessage): Promise<TagListMessage> {
  const arn = requireString(input, 'ResourceName')
  const match = /^arn:aws[\w-]*:rds:[^:]*:\d*:([a-z-]+):(.+)$/.exec(arn)
  if (!match) throw new RdsError('InvalidParameterValue', `The specified resource name does not match an RDS resource in this region: ${arn}`)
  const [, kind, id] = match as unknown as [string, string, string]
  let tags: Tag[] | undefined
  switch (kind) {
    case 'db':
      tags = ctx.state.instances.get(id)?.tags
      if (!tags) throw notFound.instance(id)
      break
    case 'cluster':
      tags = ctx.state.clusters.get(id)?.tags
      if (!tags) throw notFound.cluster(id)
      break
    case 'pg':
      tags = ctx.state.parameterGroups.get(id)?.tags
      if (!tags) throw notFound.parameterGroup(id)
      break
    case 'cluster-pg':
      tags = ctx.state.clusterParameterGroups.get(id)?.tags
      if (!tags) throw notFound.clusterParameterGroup(id)
      break
    case 'deployment':
      tags = [...ctx.state.deployments.values()].find((d) => d.id === id)?.tags
      if (!tags) throw notFound.deployment(id)
      break
    case 'snapshot':
    case 'cluster-snapshot':
      tags = ctx.state.snapshots.get(id)?.tags
      if (!tags) throw notFound.snapshot(id)
      break
    default:
      throw new RdsError('InvalidParameterValue', `Unsupported resource type in ARN: ${kind}`)
  }
  return { TagList: tags.map((t) => ({ ...t })) }
}
