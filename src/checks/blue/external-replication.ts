// Blue replicating from an external source (mysql.rds_set_external_source, binlog
// replication into RDS): not supported as a Blue/Green source. Read with the shared
// SHOW REPLICA STATUS reader (both dialects).
import { readReplicaStatus } from '../../db/replica-status.js'
import { finding, type Finding } from '../../findings/finding.js'
import type { Queryable } from '../../db/sql.js'

export async function checkExternalReplication(conn: Queryable, subject: string): Promise<Finding[]> {
  const status = await readReplicaStatus(conn)
  if (!status) return []
  return [
    finding({
      code: 'SOURCE_IS_REPLICA',
      subject,
      message: `${subject} is a binlog replica of ${status.sourceHost}:${status.sourcePort} (SHOW REPLICA STATUS); Blue/Green Deployments do not support a source that replicates from an external database.`,
      remedy: 'Finish the migration first: stop and reset the external replication (CALL mysql.rds_stop_replication; CALL mysql.rds_reset_external_source;), then run prepare again.',
    }),
  ]
}
