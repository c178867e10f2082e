// lower_case_table_names must be the same on blue and green: RDS refuses the deployment
// otherwise (SourceDatabaseNotSupported), and MySQL 8 fixes it when a server is
// initialised. Only a target group can make them differ.
import type { Database } from '../../rds/database.js'
import { groupLabel } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import { effectiveValue, greenGroups, groupGiving } from './green-groups.js'
import type { BlueGroups, TargetGroups } from './types.js'

/** `running`: @@lower_case_table_names of blue's server when it could be read. */
export function checkLowerCaseTableNames(db: Database, blue: BlueGroups, target: TargetGroups, running?: number): Finding[] {
  if (!target.db && !target.cluster) return []
  const blueValue = String(running ?? effectiveValue(blue, 'lower_case_table_names') ?? '0')
  const green = greenGroups(blue, target)
  const greenValue = effectiveValue(green, 'lower_case_table_names') ?? '0'
  if (blueValue === greenValue) return []
  const from = groupGiving(green, 'lower_case_table_names')
  return [
    finding({
      code: 'LOWER_CASE_TABLE_NAMES_MISMATCH',
      subject: from?.name ?? db.identifier,
      message: `lower_case_table_names is ${blueValue} on ${db.identifier} but ${greenValue} in green's ${from ? `${groupLabel(from.kind)} ${from.name}` : 'groups'}: RDS refuses the deployment.`,
      remedy: `Set lower_case_table_names=${blueValue} in ${from?.name ?? 'the target group'} (aws rds modify-db-${from?.kind === 'cluster' ? 'cluster-' : ''}parameter-group ... ParameterName=lower_case_table_names,ParameterValue=${blueValue},ApplyMethod=pending-reboot) before create.`,
    }),
  ]
}
