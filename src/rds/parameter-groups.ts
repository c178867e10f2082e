// DB and DB cluster parameter groups as the modes need them: every parameter of a group
// (value, Source, ApplyType) read once with pagination, the group names a database uses and
// whether they are in sync with its servers. Default groups (default.<family>) cannot be
// modified; RDS names them after their family, which is how prepare knows the family of
// the custom group it creates without another call.
import {
  DescribeDBClusterParameterGroupsCommand,
  DescribeDBClusterParametersCommand,
  DescribeDBParameterGroupsCommand,
  DescribeDBParametersCommand,
  type DBInstance,
  type Parameter,
  type RDSClient,
} from '@aws-sdk/client-rds'
import type { Database } from './database.js'
import { isAwsError } from './errors.js'

export type GroupKind = 'db' | 'cluster'

export interface ParameterGroupInfo {
  kind: GroupKind
  name: string
  isDefault: boolean
  /** Every parameter of the group by name, as DescribeDB(Cluster)Parameters returns it. */
  parameters: Map<string, Parameter>
}

export const DEFAULT_GROUP_PREFIX = 'default.'

export function isDefaultGroup(name: string): boolean {
  return name.startsWith(DEFAULT_GROUP_PREFIX)
}

/** The family of a default group from its name (default.mysql8.0 -> mysql8.0); undefined for a custom group. */
export function familyOfDefaultGroup(name: string): string | undefined {
  return isDefaultGroup(name) ? name.slice(DEFAULT_GROUP_PREFIX.length) : undefined
}

export function groupLabel(kind: GroupKind): string {
  return kind === 'db' ? 'DB parameter group' : 'DB cluster parameter group'
}

/**
 * Every parameter of a group (100 per call, RDS's largest page); undefined when the group
 * does not exist.
 */
export async function readParameterGroup(rds: RDSClient, kind: GroupKind, name: string): Promise<ParameterGroupInfo | undefined> {
  const parameters = new Map<string, Parameter>()
  let marker: string | undefined
  try {
    do {
      const out =
        kind === 'db'
          ? await rds.send(new DescribeDBParametersCommand({ DBParameterGroupName: name, MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }))
          : await rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: name, MaxRecords: 100, ...(marker ? { Marker: marker } : {}) }))
      for (const p of out.Parameters ?? []) if (p.ParameterName) parameters.set(p.ParameterName, p)
      marker = out.Marker
    } while (marker)
  } catch (error) {
    if (isAwsError(error, 'DBParameterGroupNotFound', 'DBClusterParameterGroupNotFoundFault')) return undefined
    throw error
  }
  return { kind, name, isDefault: isDefaultGroup(name), parameters }
}

/** The family of an existing group, or undefined when there is no group of that name. */
export async function groupFamily(rds: RDSClient, kind: GroupKind, name: string): Promise<string | undefined> {
  try {
    if (kind === 'db') return (await rds.send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: name }))).DBParameterGroups?.[0]?.DBParameterGroupFamily ?? ''
    return (await rds.send(new DescribeDBClusterParameterGroupsCommand({ DBClusterParameterGroupName: name }))).DBClusterParameterGroups?.[0]?.DBParameterGroupFamily ?? ''
  } catch (error) {
    if (isAwsError(error, 'DBParameterGroupNotFound', 'DBClusterParameterGroupNotFoundFault')) return undefined
    throw error
  }
}

/** A parameter's value in a group (undefined when unset or unknown). */
export function parameterValue(group: ParameterGroupInfo | undefined, name: string): string | undefined {
  return group?.parameters.get(name)?.ParameterValue
}

/** Parameters the user set (Source=user) that can be modified: what a copy of the group must carry over. */
export function userParameters(group: ParameterGroupInfo): Parameter[] {
  return [...group.parameters.values()].filter((p) => p.Source === 'user' && p.IsModifiable !== false && p.ParameterValue !== undefined)
}

/** A parameter's value for a database: its DB group's when the user set it there, else the cluster group's, else the DB group's default. */
export function effectiveValue(groups: { db?: ParameterGroupInfo; cluster?: ParameterGroupInfo }, name: string): string | undefined {
  const inDb = groups.db?.parameters.get(name)
  if (inDb?.Source === 'user') return inDb.ParameterValue
  return parameterValue(groups.cluster, name) ?? inDb?.ParameterValue
}

export interface MemberGroupStatus {
  instance: string
  /** The member's DB parameter group and its ParameterApplyStatus (in-sync, pending-reboot, applying). */
  dbGroup?: string
  dbGroupStatus?: string
  /** Aurora: the cluster parameter group's status on this member (in-sync, pending-reboot). */
  clusterGroupStatus?: string
  isWriter: boolean
}

/** The parameter groups of each member of a database and whether they are in sync. */
export function memberGroupStatuses(db: Pick<Database, 'kind' | 'instances' | 'cluster'>): MemberGroupStatus[] {
  const clusterMembers = db.cluster?.DBClusterMembers ?? []
  return db.instances.map((instance: DBInstance) => {
    const id = instance.DBInstanceIdentifier ?? ''
    const group = instance.DBParameterGroups?.[0]
    const member = clusterMembers.find((m) => m.DBInstanceIdentifier === id)
    return {
      instance: id,
      ...(group?.DBParameterGroupName ? { dbGroup: group.DBParameterGroupName } : {}),
      ...(group?.ParameterApplyStatus ? { dbGroupStatus: group.ParameterApplyStatus } : {}),
      ...(member?.DBClusterParameterGroupStatus ? { clusterGroupStatus: member.DBClusterParameterGroupStatus } : {}),
      isWriter: db.kind === 'instance' || Boolean(member?.IsClusterWriter),
    }
  })
}

/** True when a member still has to be rebooted to run with its groups' settings. */
export function pendingReboot(status: MemberGroupStatus): boolean {
  return status.dbGroupStatus === 'pending-reboot' || status.clusterGroupStatus === 'pending-reboot'
}

/** True when every group of a member is in-sync (not pending-reboot, not still applying). */
export function inSync(status: MemberGroupStatus): boolean {
  return (status.dbGroupStatus ?? 'in-sync') === 'in-sync' && (status.clusterGroupStatus ?? 'in-sync') === 'in-sync'
}

/** The names of the groups a database uses: its (writer's) DB parameter group, and for Aurora the cluster group. */
export function groupNamesOf(db: Database): { db?: string; cluster?: string } {
  const dbGroup = db.instances[0]?.DBParameterGroups?.[0]?.DBParameterGroupName
  const cluster = db.cluster?.DBClusterParameterGroup
  return { ...(dbGroup ? { db: dbGroup } : {}), ...(cluster ? { cluster } : {}) }
}
