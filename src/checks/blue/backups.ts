// RDS for MySQL writes a binary log only while automated backups are on
// (BackupRetentionPeriod > 0). Aurora always has backups; its binlog is a cluster parameter.
import type { Database } from '../../rds/database.js'
import { finding, type Finding } from '../../findings/finding.js'

export function checkBackups(db: Database): Finding[] {
  if (db.kind !== 'instance') return []
  const instance = db.instances[0]
  if (!instance || (instance.BackupRetentionPeriod ?? 0) > 0) return []
  const pending = instance.PendingModifiedValues?.BackupRetentionPeriod
  const note = pending ? ` A change to ${pending} days is pending until the next maintenance window.` : ''
  return [
    finding({
      code: 'BACKUPS_DISABLED',
      subject: db.identifier,
      message: `Automated backups are off (BackupRetentionPeriod 0), so ${db.identifier} keeps no binary log and RDS refuses a Blue/Green Deployment.${note}`,
      remedy: `Run prepare with apply: true and backup-retention-period: 7 (or the days you keep): RDS turns on backups and binary logging at once (a brief outage while it applies). Or: aws rds modify-db-instance --db-instance-identifier ${db.identifier} --backup-retention-period 7 --apply-immediately`,
    }),
  ]
}
