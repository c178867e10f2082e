// The custom parameter group prepare creates when blue uses a default one (default groups
// cannot be modified). Its name is predictable, so a second run finds and reuses it and an
// operator can tell at a glance where it came from.
import type { GroupKind } from '../../rds/parameter-groups.js'

export const CUSTOM_GROUP_SUFFIX = '-bluegreen'

/** `<source>-bluegreen`: RDS group names allow 255 letters, digits and hyphens, so any source identifier fits. */
export function customGroupName(source: string): string {
  return `${source}${CUSTOM_GROUP_SUFFIX}`
}

export function customGroupDescription(kind: GroupKind, source: string, copiedFrom: string, binlogFormat: string): string {
  const what = kind === 'db' ? 'DB parameter group' : 'DB cluster parameter group'
  return `${what} for ${source}, created by rds-blue-green prepare: a copy of ${copiedFrom} with binlog_format=${binlogFormat} for a Blue/Green Deployment`
}

