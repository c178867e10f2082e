// Blue/Green Deployments do not support a master password managed in Secrets Manager.
import type { Database } from '../../rds/database.js'
import { finding, type Finding } from '../../findings/finding.js'

export function checkMasterPassword(db: Database): Finding[] {
  const managed = db.kind === 'cluster' ? db.cluster?.MasterUserSecret : db.instances[0]?.MasterUserSecret
  if (!managed) return []
  const modify =
    db.kind === 'cluster'
      ? `aws rds modify-db-cluster --db-cluster-identifier ${db.identifier}`
      : `aws rds modify-db-instance --db-instance-identifier ${db.identifier}`
  return [
    finding({
      code: 'MANAGED_MASTER_PASSWORD',
      subject: db.identifier,
      message: `The master user password of ${db.identifier} is managed in Secrets Manager (${managed.SecretArn ?? 'MasterUserSecret'}); Blue/Green Deployments do not support that.`,
      remedy: `Stop the management and set a password before creating the deployment: ${modify} --no-manage-master-user-password --master-user-password '<new password>' --apply-immediately; turn it back on after the switchover (--manage-master-user-password).`,
    }),
  ]
}
