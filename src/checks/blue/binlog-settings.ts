// binlog_format in the group that decides it: the DB parameter group on RDS for MySQL
// (dynamic there: a custom group is changed in place without a reboot), the DB cluster
// parameter group on Aurora MySQL (static: OFF means no binary log, and any change needs a
// reboot, seed 000 step 1). A default group cannot be modified: a custom group of the same
// family must be created and attached, which needs a reboot on both engines.
import type { Database } from '../../rds/database.js'
import { groupLabel, parameterValue, type ParameterGroupInfo } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'
import { customGroupName } from './custom-group.js'
import type { BinlogFormat, BlueGroups } from './types.js'

/** The group that holds blue's binlog_format. */
export function binlogGroupOf(db: Database, groups: BlueGroups): ParameterGroupInfo | undefined {
  return db.engine === 'aurora-mysql' ? groups.cluster : groups.db
}

/** How a wrong binlog_format gets fixed, for remedies (and the plan). */
export function binlogFix(db: Database, group: ParameterGroupInfo, wanted: BinlogFormat): string {
  const aurora = db.engine === 'aurora-mysql'
  if (group.isDefault) {
    return `Run prepare with apply: true and allow-reboot: true: it creates ${groupLabel(group.kind)} ${customGroupName(db.identifier)} (a copy of ${group.name} with binlog_format=${wanted}), attaches it and reboots ${db.identifier}.`
  }
  if (aurora) {
    return `Run prepare with apply: true and allow-reboot: true: binlog_format is static on Aurora MySQL, so ${group.name} is modified in place and the cluster's instances are rebooted. Or: aws rds modify-db-cluster-parameter-group --db-cluster-parameter-group-name ${group.name} --parameters ParameterName=binlog_format,ParameterValue=${wanted},ApplyMethod=pending-reboot, then reboot the writer.`
  }
  return `Run prepare with apply: true: binlog_format is dynamic on RDS for MySQL, so ${group.name} is modified in place and applies at once, without a reboot (every database using ${group.name} gets it). Or: aws rds modify-db-parameter-group --db-parameter-group-name ${group.name} --parameters ParameterName=binlog_format,ParameterValue=${wanted},ApplyMethod=immediate`
}

export function checkBinlogSettings(db: Database, groups: BlueGroups, wanted: BinlogFormat): Finding[] {
  const group = binlogGroupOf(db, groups)
  if (!group) return []
  const value = parameterValue(group, 'binlog_format')
  const findings: Finding[] = []
  const keep = value && value !== 'OFF' ? ` Or set binlog-format: ${value} to keep the current format.` : ''
  if (db.engine === 'aurora-mysql' && (value === undefined || value.toUpperCase() === 'OFF')) {
    findings.push(
      finding({
        code: 'BINLOG_DISABLED',
        subject: group.name,
        message: `binlog_format is ${value ?? 'unset'} in ${groupLabel(group.kind)} ${group.name}: ${db.identifier} has no binary log, and RDS refuses the deployment ("requires cluster parameter group has binlog enabled").`,
        remedy: binlogFix(db, group, wanted),
      }),
    )
  } else if (value?.toUpperCase() !== wanted) {
    findings.push(
      finding({
        code: 'BINLOG_FORMAT_MISMATCH',
        subject: group.name,
        message: `binlog_format is ${value ?? 'unset'} in ${groupLabel(group.kind)} ${group.name} of ${db.identifier}; binlog-format asks for ${wanted}.`,
        remedy: binlogFix(db, group, wanted) + keep,
      }),
    )
  }
  if (findings.length > 0 && group.isDefault) {
    findings.push(
      finding({
        code: 'DEFAULT_PARAMETER_GROUP',
        subject: group.name,
        message: `${db.identifier} uses the default ${groupLabel(group.kind)} ${group.name}, which cannot be modified: a custom group has to be created and attached, and attaching it needs a reboot.`,
        remedy: binlogFix(db, group, wanted),
      }),
    )
  }
  return findings
}
