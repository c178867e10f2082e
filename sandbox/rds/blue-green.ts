// CreateBlueGreenDeployment, DescribeBlueGreenDeployments and DeleteBlueGreenDeployment.
// Creation validates like RDS, then provisions green in the background: real servers, a
// consistent copy of blue, replication from blue (read-only green), the target engine
// version label, parameter groups and instance class, with Tasks moving PENDING ->
// IN_PROGRESS -> COMPLETED and the deployment PROVISIONING -> AVAILABLE.
import type {
  CreateBlueGreenDeploymentRequest,
  CreateBlueGreenDeploymentResponse,
  DeleteBlueGreenDeploymentRequest,
  DeleteBlueGreenDeploymentResponse,
  DescribeBlueGreenDeploymentsRequest,
  DescribeBlueGreenDeploymentsResponse,
} from '@aws-sdk/client-rds'
import { sleep } from '../timings.js'
import type { Context } from './context.js'
import { RdsError, invalidParameter } from './errors.js'
import { createInstance, clusterEndpoints, destroyCluster, destroyInstance, retargetClusterEndpoints } from './lifecycle.js'
import { findCluster, findDeployment, findInstance, requireString } from './lookup.js'
import { type Cluster, type Deployment, type Instance, type SwitchoverDetail, type Tag, randomId } from './model.js'
import { applyFilters, paginate } from './paging.js'
import { familyOf } from './parameters.js'
import { clusterMembers, groupValue, settingsFor } from './provision.js'
import { cloneAndReplicate } from './replication.js'
import { dropTopology, writeTopology } from './topology.js'
import { deploymentView } from './views.js'

const NAME = /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/
const VERSION: Record<string, RegExp> = {
  mysql: /^8\.(0|4)\.\d+$/,
  'aurora-mysql': /^8\.0\.mysql_aurora\.3\.\d{2}\.\d+$/,
}

const greenName = (id: string) => `${id}-green-${randomId(6)}`

interface Targets {
  engineVersion?: string
  dbGroup?: string
  clusterGroup?: string
  instanceClass?: string
}

function checkTargets(ctx: Context, engine: string, input: CreateBlueGreenDeploymentRequest): Targets {
  const t: Targets = {}
  if (input.TargetEngineVersion) {
    if (!VERSION[engine]?.test(input.TargetEngineVersion)) {
      throw invalidParameter(`Cannot find version ${input.TargetEngineVersion} for ${engine}`)
    }
    t.engineVersion = input.TargetEngineVersion
  }
  if (input.TargetDBParameterGroupName) {
    const g = ctx.state.parameterGroups.get(input.TargetDBParameterGroupName)
    if (!g) throw new RdsError('DBParameterGroupNotFoundFault', `DBParameterGroup not found: ${input.TargetDBParameterGroupName}`)
    if (g.family !== familyOf(engine)) {
      throw new RdsError('InvalidParameterCombination', `The parameter group ${g.name} with family ${g.family} can't be used with engine ${engine}.`)
    }
    t.dbGroup = g.name
  }
  if (input.TargetDBClusterParameterGroupName) {
    if (engine !== 'aurora-mysql') {
      throw new RdsError('InvalidParameterCombination', 'TargetDBClusterParameterGroupName is only valid for a DB cluster source.')
    }
    const g = ctx.state.clusterParameterGroups.get(input.TargetDBClusterParameterGroupName)
    if (!g) throw new RdsError('DBClusterParameterGroupNotFoundFault', `DBClusterParameterGroup not found: ${input.TargetDBClusterParameterGroupName}`)
    t.clusterGroup = g.name
  }
  if (input.TargetDBInstanceClass) {
    if (!/^db\.[a-z0-9]+\.[a-z0-9]+$/.test(input.TargetDBInstanceClass)) {
      throw invalidParameter(`Invalid DB instance class: ${input.TargetDBInstanceClass}`)
    }
    t.instanceClass = input.TargetDBInstanceClass
  }
  return t
}

/** lower_case_table_names must match between blue and green (RDS refuses creation otherwise). */
function checkLowerCase(ctx: Context, blue: Instance, targets: Targets): void {
  const blueValue = String(settingsFor(ctx, blue).variables?.lower_case_table_names ?? '0')
  const cluster = blue.clusterId ? ctx.state.clusters.get(blue.clusterId) : undefined
  const greenValue =
    groupValue(ctx.state.clusterParameterGroups.get(targets.clusterGroup ?? cluster?.parameterGroup ?? ''), 'lower_case_table_names') ??
    groupValue(ctx.state.parameterGroups.get(targets.dbGroup ?? blue.parameterGroup), 'lower_case_table_names') ?? '0'
  if (blueValue !== greenValue) {
    throw new RdsError('SourceDatabaseNotSupportedFault', `The lower_case_table_names parameter value of the source (${blueValue}) and the target parameter group (${greenValue}) must match.`)
  }
}

async function binlogRunning(instance: Instance): Promise<boolean> {
  const [row] = await instance.server.query<{ on: number }>('SELECT @@log_bin AS `on`')
  return Number(row?.on) === 1
}

function existingFor(ctx: Context, sourceId: string, name: string): Deployment | undefined {
  return [...ctx.state.deployments.values()].find((d) => d.status !== 'DELETING' && (d.source === sourceId || d.name === name))
}

export async function createBlueGreenDeployment(ctx: Context, input: CreateBlueGreenDeploymentRequest): Promise<CreateBlueGreenDeploymentResponse> {
  const i = input
  const name = requireString(i, 'BlueGreenDeploymentName')
  const source = requireString(i, 'Source')
  if (!NAME.test(name) || name.length > 60) throw invalidParameter(`The BlueGreenDeploymentName ${name} is not valid. It must begin with a letter and contain only letters, digits and single hyphens (at most 60).`)
  const arn = /^arn:aws[\w-]*:rds:[^:]*:\d*:(db|cluster):(.+)$/.exec(source)
  if (!arn) throw invalidParameter(`The source ARN ${source} is not valid. Specify the ARN of a DB instance or DB cluster.`)
  const [, kind, id] = arn as unknown as [string, 'db' | 'cluster', string]
  let blue: Instance
  let cluster: Cluster | undefined
  if (kind === 'cluster') {
    cluster = findCluster(ctx, id)
    if (cluster.status !== 'available') throw new RdsError('InvalidDBClusterStateFault', `DB cluster ${id} is not in the available state.`)
    const writer = clusterMembers(ctx, cluster)[0]
    if (!writer) throw new RdsError('InvalidDBClusterStateFault', `DB cluster ${id} has no writer instance.`)
    blue = writer
  } else {
    blue = findInstance(ctx, id)
    if (blue.clusterId) throw new RdsError('SourceDatabaseNotSupportedFault', `DB instance ${id} is a member of DB cluster ${blue.clusterId}. Use the cluster ARN as the source.`)
    if (blue.replicaOf) throw new RdsError('SourceDatabaseNotSupportedFault', `DB instance ${id} is a read replica. Blue/green deployments aren't supported for cascading read replicas.`)
  }
  if (blue.status !== 'available') throw new RdsError('InvalidDBInstanceStateFault', `DB instance ${blue.id} is not in the available state.`)
  const existing = existingFor(ctx, cluster?.id ?? blue.id, name)
  if (existing) {
    throw new RdsError('BlueGreenDeploymentAlreadyExistsFault', existing.name === name
      ? `A blue/green deployment with the name ${name} already exists.`
      : `The source ${source} is already part of blue/green deployment ${existing.id}.`)
  }
  const targets = checkTargets(ctx, blue.engine, input)
  // RDS checks the binlog the source really runs with, not only its groups.
  if (!(await binlogRunning(blue))) {
    throw cluster
      ? new RdsError('SourceClusterNotSupportedFault', 'Blue Green Deployments requires cluster parameter group has binlog enabled.')
      : new RdsError('SourceDatabaseNotSupportedFault', 'Blue Green Deployments require automated backups enabled on the source DB instance (binary logging is off).')
  }
  checkLowerCase(ctx, blue, targets)
  const deployment: Deployment = {
    id: `bgd-${randomId(16)}`,
    name,
    kind: cluster ? 'cluster' : 'db',
    source: cluster?.id ?? blue.id,
    target: '',
    status: 'PROVISIONING',
    details: [],
    tasks: (cluster
      ? ['CREATING_READ_REPLICA_OF_SOURCE', 'DB_ENGINE_VERSION_UPGRADE', 'CREATE_DB_INSTANCES_FOR_CLUSTER', 'CREATE_CUSTOM_ENDPOINTS']
      : ['CREATING_READ_REPLICA_OF_SOURCE', 'DB_ENGINE_VERSION_UPGRADE', 'CONFIGURE_BACKUPS', 'CREATING_TOPOLOGY_OF_SOURCE']
    ).map((Name) => ({ Name, Status: 'PENDING' })),
    createdAt: new Date(),
    tags: (input.Tags ?? []) as Tag[],
  }
  // Green names are fixed now, so the first Describe already shows them (RDS does too).
  const members = cluster ? clusterMembers(ctx, cluster) : [blue]
  if (cluster) deployment.details.push({ kind: 'cluster', source: cluster.id, target: greenName(cluster.id), status: 'PROVISIONING' })
  for (const m of members) deployment.details.push({ kind: 'db', source: m.id, target: greenName(m.id), status: 'PROVISIONING' })
  deployment.target = deployment.details[0]!.target
  ctx.state.deployments.set(deployment.id, deployment)
  ctx.state.event('blue-green-deployment', deployment.id, 'Blue/green deployment creation started.', ['creation'])
  ctx.background.run(`provision ${deployment.id}`, () => provision(ctx, deployment, members, cluster, targets))
  return { BlueGreenDeployment: deploymentView(ctx, deployment) }
}

async function task(ctx: Context, d: Deployment, index: number, work: () => Promise<void>): Promise<void> {
  const t = d.tasks[index]
  if (!t) return
  t.Status = 'IN_PROGRESS'
  const started = Date.now()
  await work()
  const minimum = ctx.timings.taskMs + Math.round(ctx.faults.slowProvisioningMs / d.tasks.length)
  await sleep(Math.max(0, minimum - (Date.now() - started)))
  t.Status = 'COMPLETED'
}

async function provision(ctx: Context, d: Deployment, blueMembers: Instance[], blueCluster: Cluster | undefined, targets: Targets): Promise<void> {
  const greens: Instance[] = []
  let greenCluster: Cluster | undefined
  try {
    await task(ctx, d, 0, async () => {
      if (blueCluster) {
        const detail = d.details.find((m) => m.kind === 'cluster')!
        const { writer, reader } = await clusterEndpoints()
        greenCluster = {
          ...blueCluster, id: detail.target, resourceId: `cluster-${randomId(26, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
          status: 'creating', members: [], writerProxy: writer, readerProxy: reader, createdAt: new Date(),
          parameterGroup: blueCluster.parameterGroup, tags: [...blueCluster.tags],
        }
        delete greenCluster.storageFile
        ctx.state.clusters.set(greenCluster.id, greenCluster)
      }
      for (const blue of blueMembers) {
        const detail = d.details.find((m) => m.kind === 'db' && m.source === blue.id)!
        // Green starts from blue's snapshot with blue's settings as a replica; the target
        // groups are attached afterwards (see attachTargetGroups).
        const green = await createInstance(ctx, {
          id: detail.target, engine: blue.engine, engineVersion: blue.engineVersion, instanceClass: blue.instanceClass,
          backupRetention: blue.backupRetention, deletionProtection: false, parameterGroup: blue.parameterGroup,
          ...(greenCluster ? { clusterId: greenCluster.id, isWriter: Boolean(blue.isWriter) } : {}),
          replicaOf: blue.id, tags: [...blue.tags],
        })
        greens.push(green)
        greenCluster?.members.push(green.id)
      }
      if (greenCluster) retargetClusterEndpoints(ctx, greenCluster)
      // Every green member replicates from blue's writer (Aurora readers share storage on RDS;
      // here they are replicas of the same source at the same coordinates).
      await cloneAndReplicate(ctx, blueMembers[0]!, greens)
      ctx.state.event('blue-green-deployment', d.id, 'Read replica creation completed.', ['creation'])
    })
    const invalid = ctx.faults.invalidConfiguration
    if (invalid) {
      ctx.faults.invalidConfiguration = undefined
      throw new Error(invalid)
    }
    await task(ctx, d, 1, async () => {
      for (const g of greens) {
        if (targets.engineVersion) g.engineVersion = targets.engineVersion
        if (targets.instanceClass) g.instanceClass = targets.instanceClass
      }
      if (greenCluster && targets.engineVersion) greenCluster.engineVersion = targets.engineVersion
      if (targets.engineVersion) ctx.state.event('blue-green-deployment', d.id, `Engine version upgrade to ${targets.engineVersion} completed.`, ['creation'])
    })
    await task(ctx, d, 2, () => attachTargetGroups(ctx, greens, greenCluster, targets))
    await task(ctx, d, 3, () => writeTopology(ctx, d, 'AVAILABLE'))
    const until = ctx.faults.storageOptimizationMs > 0 ? Date.now() + ctx.faults.storageOptimizationMs : undefined
    for (const g of greens) {
      g.status = 'available'
      if (until) g.storageOptimizationUntil = until
      ctx.state.event('db-instance', g.id, 'DB instance created', ['creation'])
    }
    if (greenCluster) greenCluster.status = 'available'
    for (const m of d.details) m.status = 'AVAILABLE'
    d.status = 'AVAILABLE'
    ctx.state.event('blue-green-deployment', d.id,
      'Blue/green deployment tasks completed. You can make more modifications to the green environment databases or switch over the deployment.', ['creation'])
  } catch (error) {
    d.status = 'INVALID_CONFIGURATION'
    d.statusDetails = (error as Error).message
    d.tasks.forEach((t) => { if (t.Status !== 'COMPLETED') t.Status = 'FAILED' })
    // The deployment itself reports the failure (StatusDetails, FAILED task, event).
    ctx.state.event('blue-green-deployment', d.id, d.statusDetails, ['failure'])
  }
}

/**
 * Attaches the target groups to green. Dynamic differences are applied live; static ones
 * leave green pending-reboot (seed 000 step 4-2), because green still runs with the
 * settings it was started with.
 */
async function attachTargetGroups(ctx: Context, greens: Instance[], greenCluster: Cluster | undefined, targets: Targets): Promise<void> {
  if (greenCluster && targets.clusterGroup) greenCluster.parameterGroup = targets.clusterGroup
  for (const g of greens) {
    if (targets.dbGroup) g.parameterGroup = targets.dbGroup
    const running = g.server.settings
    const wanted = settingsFor(ctx, g)
    const staticDiff = running.binlog !== wanted.binlog ||
      (g.engine === 'aurora-mysql' && running.binlogFormat !== wanted.binlogFormat) ||
      String(running.variables?.lower_case_table_names ?? '') !== String(wanted.variables?.lower_case_table_names ?? '')
    if (staticDiff) {
      if (greenCluster && targets.clusterGroup) g.clusterParameterGroupStatus = 'pending-reboot'
      else g.parameterApplyStatus = 'pending-reboot'
    }
    const dynamic: string[] = []
    if (g.engine === 'mysql' && wanted.binlogFormat && wanted.binlogFormat !== running.binlogFormat) dynamic.push(`binlog_format='${wanted.binlogFormat}'`)
    if (wanted.readOnly !== running.readOnly) dynamic.push(`read_only=${wanted.readOnly ? 1 : 0}`)
    for (const key of ['event_scheduler', 'binlog_row_image', 'max_connections', 'long_query_time', 'slow_query_log', 'log_bin_trust_function_creators', 'character_set_server']) {
      const v = wanted.variables?.[key]
      if (v !== undefined && v !== running.variables?.[key]) dynamic.push(`${key}=${/^\d+$/.test(String(v)) ? v : `'${String(v)}'`}`)
    }
    if (dynamic.length) await g.server.query(`SET GLOBAL ${dynamic.join(', ')}`)
  }
}

export async function describeBlueGreenDeployments(ctx: Context, input: DescribeBlueGreenDeploymentsRequest): Promise<DescribeBlueGreenDeploymentsResponse> {
  let list = [...ctx.state.deployments.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
  if (input.BlueGreenDeploymentIdentifier) list = [findDeployment(ctx, input.BlueGreenDeploymentIdentifier)]
  list = applyFilters(list, input.Filters, {
    'blue-green-deployment-identifier': (d) => [d.id],
    'blue-green-deployment-name': (d) => [d.name],
    source: (d) => [ctx.state.arn(d.kind, d.source), d.source],
    target: (d) => [ctx.state.arn(d.kind, d.target), d.target],
  })
  const { page, Marker } = paginate(list, input)
  return { BlueGreenDeployments: page.map((d) => deploymentView(ctx, d)), ...(Marker ? { Marker } : {}) }
}

export async function deleteBlueGreenDeployment(ctx: Context, input: DeleteBlueGreenDeploymentRequest): Promise<DeleteBlueGreenDeploymentResponse> {
  const d = findDeployment(ctx, requireString(input, 'BlueGreenDeploymentIdentifier'))
  if (input.DeleteTarget && d.status === 'SWITCHOVER_COMPLETED') {
    throw new RdsError('InvalidBlueGreenDeploymentStateFault', `Can't delete the target of blue/green deployment ${d.id} after switchover. Specify DeleteTarget=false.`)
  }
  if (d.status === 'SWITCHOVER_IN_PROGRESS' || d.status === 'DELETING') {
    throw new RdsError('InvalidBlueGreenDeploymentStateFault', `Blue/green deployment ${d.id} is in the ${d.status} state and can't be deleted.`)
  }
  if (d.status === 'PROVISIONING' && input.DeleteTarget !== true) {
    throw new RdsError('InvalidBlueGreenDeploymentStateFault', `Blue/green deployment ${d.id} is still provisioning; delete it with DeleteTarget=true or wait until it is available.`)
  }
  const previous = d.status
  d.status = 'DELETING'
  d.deletedAt = new Date()
  const view = deploymentView(ctx, d)
  ctx.state.event('blue-green-deployment', d.id, 'Blue/green deployment deletion started.', ['deletion'])
  ctx.background.run(`delete ${d.id}`, async () => {
    await ctx.background.wait(`provision ${d.id}`)
    const greenIds = d.details.filter((m) => m.kind === 'db').map((m) => m.target)
    const greens = greenIds.map((id) => ctx.state.instances.get(id)).filter((g): g is Instance => g !== undefined)
    const blues = d.details.filter((m) => m.kind === 'db').map((m) => ctx.state.instances.get(m.source)).filter((b): b is Instance => b !== undefined)
    if (d.kind === 'db') await dropTopology([...blues, ...greens])
    if (previous !== 'SWITCHOVER_COMPLETED') {
      for (const g of greens) {
        if (input.DeleteTarget) await destroyInstance(ctx, g)
        else await detachGreen(g)
      }
      const greenCluster = d.details.find((m) => m.kind === 'cluster')
      const c = greenCluster ? ctx.state.clusters.get(greenCluster.target) : undefined
      if (c && input.DeleteTarget) await destroyCluster(ctx, c)
    }
    await sleep(ctx.timings.deleteMs)
    ctx.state.deployments.delete(d.id)
    ctx.state.event('blue-green-deployment', d.id, 'Blue/green deployment deleted.', ['deletion'])
  })
  return { BlueGreenDeployment: view }
}

/** Green kept after the deployment is deleted: a standalone database, no longer replicating. */
async function detachGreen(g: Instance): Promise<void> {
  await g.server.query('STOP SLAVE; RESET SLAVE ALL').catch(() => undefined)
  delete g.replicaOf
  delete g.statusInfo
}

export type { SwitchoverDetail }
