// DB and DB cluster parameter groups: create, describe, describe parameters, modify. Default
// groups cannot be modified. Modifying a group applies dynamic parameters at once (SET
// GLOBAL on every in-sync member, ApplyMethod immediate) and leaves members pending-reboot
// for static ones or ApplyMethod pending-reboot, as RDS does.
import type {
  CreateDBClusterParameterGroupMessage,
  CreateDBClusterParameterGroupResult,
  CreateDBParameterGroupMessage,
  CreateDBParameterGroupResult,
  DBClusterParameterGroupDetails,
  DBClusterParameterGroupNameMessage,
  DBClusterParameterGroupsMessage,
  DBParameterGroupDetails,
  DBParameterGroupNameMessage,
  DBParameterGroupsMessage,
  DescribeDBClusterParameterGroupsMessage,
  DescribeDBClusterParametersMessage,
  DescribeDBParameterGroupsMessage,
  DescribeDBParametersMessage,
  ModifyDBClusterParameterGroupMessage,
  ModifyDBParameterGroupMessage,
  Parameter,
} from '@aws-sdk/client-rds'
import type { Context } from './context.js'
import { RdsError, invalidParameter, notFound } from './errors.js'
import { requireString } from './lookup.js'
import type { Instance, ParameterGroup, Tag } from './model.js'
import { applyFilters, paginate } from './paging.js'
import { type Family, type GroupKind, catalog, checkValue, defaultGroupName, findSpec } from './parameters.js'
import { settingsFor } from './provision.js'
import { clusterParameterGroupView, parameterGroupView } from './views.js'

const FAMILIES: Family[] = ['mysql8.0', 'aurora-mysql8.0']
const GROUP_NAME = /^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,254}(?<!-)$/

export function createDefaultGroups(ctx: Context): void {
  for (const family of FAMILIES) {
    const kinds: GroupKind[] = family === 'aurora-mysql8.0' ? ['db', 'cluster'] : ['db']
    for (const kind of kinds) {
      const group: ParameterGroup = { name: defaultGroupName(family), kind, family, isDefault: true, values: new Map(), tags: [],
        description: `Default ${kind === 'cluster' ? 'cluster ' : ''}parameter group for ${family}` }
      groups(ctx, kind).set(group.name, group)
    }
  }
}

function groups(ctx: Context, kind: GroupKind): Map<string, ParameterGroup> {
  return kind === 'db' ? ctx.state.parameterGroups : ctx.state.clusterParameterGroups
}

/** Creates a group directly (seeding) or through the API. */
export function addGroup(ctx: Context, kind: GroupKind, name: string, family: string, description: string, tags: Tag[] = [],
  values: Record<string, string> = {}): ParameterGroup {
  if (!GROUP_NAME.test(name)) {
    throw invalidParameter(`The parameter ${kind === 'db' ? 'DBParameterGroupName' : 'DBClusterParameterGroupName'} is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.`)
  }
  if (!FAMILIES.includes(family as Family) || (kind === 'cluster' && family !== 'aurora-mysql8.0')) {
    throw invalidParameter(`ParameterGroupFamily ${family} is not a valid parameter group family for this operation. Valid: ${kind === 'cluster' ? 'aurora-mysql8.0' : FAMILIES.join(', ')}`)
  }
  if (groups(ctx, kind).has(name)) {
    throw new RdsError('DBParameterGroupAlreadyExistsFault', `Parameter group ${name} already exists`)
  }
  const group: ParameterGroup = { name, kind, family: family as Family, description, isDefault: false, values: new Map(), tags }
  for (const [k, v] of Object.entries(values)) group.values.set(k, v)
  groups(ctx, kind).set(name, group)
  return group
}

function findGroup(ctx: Context, kind: GroupKind, name: string): ParameterGroup {
  const group = groups(ctx, kind).get(name)
  if (!group) throw kind === 'db' ? notFound.parameterGroup(name) : new RdsError('DBParameterGroupNotFoundFault', `DBClusterParameterGroup not found: ${name}`)
  return group
}

export async function createDBParameterGroup(ctx: Context, input: CreateDBParameterGroupMessage): Promise<CreateDBParameterGroupResult> {
  const i = input
  const group = addGroup(ctx, 'db', requireString(i, 'DBParameterGroupName'), requireString(i, 'DBParameterGroupFamily'),
    requireString(i, 'Description'), (input.Tags ?? []) as Tag[])
  return { DBParameterGroup: parameterGroupView(ctx, group) }
}

export async function createDBClusterParameterGroup(ctx: Context, input: CreateDBClusterParameterGroupMessage): Promise<CreateDBClusterParameterGroupResult> {
  const i = input
  const group = addGroup(ctx, 'cluster', requireString(i, 'DBClusterParameterGroupName'), requireString(i, 'DBParameterGroupFamily'),
    requireString(i, 'Description'), (input.Tags ?? []) as Tag[])
  return { DBClusterParameterGroup: clusterParameterGroupView(ctx, group) }
}

function listGroups(ctx: Context, kind: GroupKind, name: string | undefined, filters: DescribeDBParameterGroupsMessage['Filters']): ParameterGroup[] {
  let list = [...groups(ctx, kind).values()].sort((a, b) => a.name.localeCompare(b.name))
  if (name) list = [findGroup(ctx, kind, name)]
  return applyFilters(list, filters, { 'db-parameter-group-family': (g) => [g.family] })
}

export async function describeDBParameterGroups(ctx: Context, input: DescribeDBParameterGroupsMessage): Promise<DBParameterGroupsMessage> {
  const { page, Marker } = paginate(listGroups(ctx, 'db', input.DBParameterGroupName, input.Filters), input)
  return { DBParameterGroups: page.map((g) => parameterGroupView(ctx, g)), ...(Marker ? { Marker } : {}) }
}

export async function describeDBClusterParameterGroups(ctx: Context, input: DescribeDBClusterParameterGroupsMessage): Promise<DBClusterParameterGroupsMessage> {
  const { page, Marker } = paginate(listGroups(ctx, 'cluster', input.DBClusterParameterGroupName, input.Filters), input)
  return { DBClusterParameterGroups: page.map((g) => clusterParameterGroupView(ctx, g)), ...(Marker ? { Marker } : {}) }
}

function parameters(group: ParameterGroup, source: string | undefined): Parameter[] {
  const out: Parameter[] = []
  for (const spec of catalog(group.family, group.kind)) {
    const user = group.values.get(spec.name)
    const paramSource = user !== undefined ? 'user' : (spec.source ?? 'engine-default')
    if (source && source !== paramSource) continue
    const value = user ?? spec.default
    const p: Parameter = {
      ParameterName: spec.name,
      Description: spec.description,
      Source: paramSource,
      ApplyType: spec.applyType,
      DataType: spec.dataType,
      IsModifiable: spec.modifiable,
      ApplyMethod: 'pending-reboot',
    }
    if (value !== undefined) p.ParameterValue = value
    if (spec.allowed) p.AllowedValues = spec.allowed
    if (spec.applyType === 'dynamic') p.ApplyMethod = 'immediate'
    out.push(p)
  }
  return out
}

function checkSource(source: string | undefined): void {
  if (source !== undefined && !['user', 'system', 'engine-default'].includes(source)) {
    throw invalidParameter(`Invalid value for Source: ${source}. Valid values: user, system, engine-default`)
  }
}

export async function describeDBParameters(ctx: Context, input: DescribeDBParametersMessage): Promise<DBParameterGroupDetails> {
  checkSource(input.Source)
  const group = findGroup(ctx, 'db', requireString(input, 'DBParameterGroupName'))
  const { page, Marker } = paginate(parameters(group, input.Source), input)
  return { Parameters: page, ...(Marker ? { Marker } : {}) }
}

export async function describeDBClusterParameters(ctx: Context, input: DescribeDBClusterParametersMessage): Promise<DBClusterParameterGroupDetails> {
  checkSource(input.Source)
  const group = findGroup(ctx, 'cluster', requireString(input, 'DBClusterParameterGroupName'))
  const { page, Marker } = paginate(parameters(group, input.Source), input)
  return { Parameters: page, ...(Marker ? { Marker } : {}) }
}

/** Instances whose settings come from this group. */
function membersOf(ctx: Context, group: ParameterGroup): Instance[] {
  return [...ctx.state.instances.values()].filter((i) => {
    if (group.kind === 'db') return i.parameterGroup === group.name
    const cluster = i.clusterId ? ctx.state.clusters.get(i.clusterId) : undefined
    return cluster?.parameterGroup === group.name
  })
}

async function modifyGroup(ctx: Context, group: ParameterGroup, params: Parameter[] | undefined): Promise<void> {
  if (group.isDefault) {
    throw new RdsError('InvalidDBParameterGroupStateFault', `Default parameter group ${group.name} cannot be modified. Create a custom parameter group and modify it instead.`)
  }
  if (!params || params.length === 0) throw new RdsError('MissingParameter', 'The request must contain the parameter Parameters')
  if (params.length > 20) throw invalidParameter('You can modify a maximum of 20 parameters in a single request.')
  const changes: { name: string; value: string | undefined; immediate: boolean; dynamic: boolean; option?: string }[] = []
  for (const p of params) {
    const name = p.ParameterName ?? ''
    const spec = findSpec(group.family, group.kind, name)
    if (!spec) throw invalidParameter(`Could not find parameter with name: ${name}`)
    const method = p.ApplyMethod ?? 'pending-reboot'
    if (method !== 'immediate' && method !== 'pending-reboot') throw invalidParameter(`Invalid ApplyMethod ${method} for parameter ${name}`)
    if (method === 'immediate' && spec.applyType === 'static') {
      throw new RdsError('InvalidParameterCombination', `cannot use immediate apply method for static parameter ${name}`)
    }
    if (p.ParameterValue !== undefined) {
      const problem = checkValue(spec, p.ParameterValue)
      if (problem) throw invalidParameter(problem)
    }
    changes.push({ name, value: p.ParameterValue, immediate: method === 'immediate', dynamic: spec.applyType === 'dynamic',
      ...(spec.option ? { option: spec.option } : {}) })
  }
  for (const c of changes) {
    if (c.value === undefined) group.values.delete(c.name)
    else group.values.set(c.name, c.value)
  }
  for (const member of membersOf(ctx, group)) {
    const inSync = group.kind === 'db' ? member.parameterApplyStatus === 'in-sync' : member.clusterParameterGroupStatus !== 'pending-reboot'
    for (const c of changes) {
      if (c.immediate && inSync && member.server.running) {
        await applyLive(ctx, member, c.name, c.option)
      } else if (group.kind === 'db') {
        member.parameterApplyStatus = 'pending-reboot'
      } else {
        member.clusterParameterGroupStatus = 'pending-reboot'
      }
    }
  }
  ctx.state.event(group.kind === 'db' ? 'db-parameter-group' : 'db-cluster-parameter-group', group.name,
    `Updated parameter ${changes.map((c) => c.name).join(', ')}`, ['configuration change'])
}

/** SET GLOBAL for a dynamic parameter, with the value the member's groups now give it. */
async function applyLive(ctx: Context, member: Instance, name: string, option: string | undefined): Promise<void> {
  if (!option) return
  const settings = settingsFor(ctx, member)
  let value: string | undefined
  if (name === 'read_only') value = settings.readOnly ? '1' : '0'
  else if (name === 'binlog_format') value = settings.binlogFormat
  else value = settings.variables?.[option] as string | undefined
  if (value === undefined) return
  await member.server.query(`SET GLOBAL ${option} = ?`, [/^\d+$/.test(value) ? Number(value) : value])
  member.server.settings = { ...member.server.settings, ...(name === 'read_only' ? { readOnly: value === '1' } : {}) }
}

export async function modifyDBParameterGroup(ctx: Context, input: ModifyDBParameterGroupMessage): Promise<DBParameterGroupNameMessage> {
  const group = findGroup(ctx, 'db', requireString(input, 'DBParameterGroupName'))
  await modifyGroup(ctx, group, input.Parameters)
  return { DBParameterGroupName: group.name }
}

export async function modifyDBClusterParameterGroup(ctx: Context, input: ModifyDBClusterParameterGroupMessage): Promise<DBClusterParameterGroupNameMessage> {
  const group = findGroup(ctx, 'cluster', requireString(input, 'DBClusterParameterGroupName'))
  await modifyGroup(ctx, group, input.Parameters)
  return { DBClusterParameterGroupName: group.name }
}
