// A group in pending-reboot: its values are not what the server runs with. RDS wants blue's
// groups in sync before it creates a deployment (seed 000 had to reboot the writer).
import type { Database } from '../../rds/database.js'
import { memberGroupStatuses, pendingReboot } from '../../rds/parameter-groups.js'
import { finding, type Finding } from '../../findings/finding.js'

export function checkParameterGroupSync(db: Database): Finding[] {
  return memberGroupStatuses(db)
    .filter(pendingReboot)
    .map((m) => {
      const which = [
        ...(m.dbGroupStatus === 'pending-reboot' ? [`DB parameter group ${m.dbGroup ?? ''}`] : []),
        ...(m.clusterGroupStatus === 'pending-reboot' ? [`DB cluster parameter group ${db.cluster?.DBClusterParameterGroup ?? ''}`] : []),
      ].join(' and ')
      return finding({
        code: 'PARAMETER_GROUP_PENDING_REBOOT',
        subject: m.instance,
        message: `The ${which} of ${m.instance} is pending-reboot: the server does not run with the group's settings yet.`,
        remedy: `Reboot ${m.instance}: run prepare with apply: true and allow-reboot: true, or aws rds reboot-db-instance --db-instance-identifier ${m.instance} in a maintenance window.`,
      })
    })
}
