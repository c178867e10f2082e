// Green's parameter groups: the ones target inputs name, else blue's (RDS copies them).
import { effectiveValue, type ParameterGroupInfo } from '../../rds/parameter-groups.js'
import type { BlueGroups, TargetGroups } from './types.js'

/** Green's groups; a target group named but not found (null) counts as unknown. */
export function greenGroups(blue: BlueGroups, target: TargetGroups): BlueGroups {
  const pick = (t: ParameterGroupInfo | null | undefined, b: ParameterGroupInfo | undefined) => (t === null ? undefined : (t ?? b))
  const db = pick(target.db, blue.db)
  const cluster = pick(target.cluster, blue.cluster)
  return { ...(db ? { db } : {}), ...(cluster ? { cluster } : {}) }
}

/** The group a parameter's effective value comes from (DB group when the user set it there, else the cluster group when it has it). */
export function groupGiving(groups: BlueGroups, name: string): ParameterGroupInfo | undefined {
  if (groups.db?.parameters.get(name)?.Source === 'user') return groups.db
  if (groups.cluster?.parameters.has(name)) return groups.cluster
  return groups.db
}

export { effectiveValue }
