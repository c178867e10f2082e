// Green's replication as green itself reports it (SHOW REPLICA STATUS, both dialects): the
// IO and SQL threads, seconds behind, and the last IO and SQL error number and text. Errors
// are classified by number: 1236 and 1062 get their own explanations (seed 000 and seed
// 003), 1032 its own code, anything else the thread's generic code with the server's text.
import { readReplicaStatus, type ReplicaStatus } from '../../db/replica-status.js'
import type { Metric } from '../../report/types.js'
import { finding, type Finding } from '../../findings/finding.js'
import { binlogNotFoundFinding } from './binlog-not-found.js'
import { duplicateKeyFinding } from './duplicate-key.js'
import type { CheckResult } from './types.js'
import { ER } from '../../db/errno.js'
import type { Queryable } from '../../db/sql.js'

export interface ReplicationHealth extends CheckResult {
  /** Undefined when green is not a replica. */
  status?: ReplicaStatus
  /** Both threads running, no error. */
  running: boolean
}

export interface ReplicationHealthOptions {
  /** Blue's first binlog file (SHOW BINARY LOGS on blue), to explain 1236 precisely. */
  blueFirstBinlog?: string
  /** A status already read (the check then only classifies it, plus lookups for 1062). */
  status?: ReplicaStatus
}

const RESTART = 'on RDS, CALL mysql.rds_start_replication; restarts it'

export async function checkReplicationHealth(
  green: Queryable,
  subject: string,
  options: ReplicationHealthOptions = {},
): Promise<ReplicationHealth> {
  const status = options.status ?? (await readReplicaStatus(green))
  if (!status) {
    return {
      running: false,
      metrics: [],
      findings: [
        finding({
          code: 'REPLICATION_NOT_CONFIGURED',
          subject,
          message: `${subject} is not a replica (SHOW REPLICA STATUS is empty): it does not receive blue's writes, so it would switch over with stale data.`,
        }),
      ],
    }
  }
  const findings: Finding[] = []
  const metrics: Metric[] = []
  if (status.secondsBehind !== null) metrics.push({ name: 'seconds-behind-source', value: status.secondsBehind, unit: 's', label: 'Seconds behind source (green)' })

  if (status.ioRunning !== 'Yes') {
    if (status.lastIoErrno === ER.SOURCE_FATAL_ERROR_READING_BINLOG) {
      findings.push(binlogNotFoundFinding(status, subject, options.blueFirstBinlog))
    } else {
      const error = status.lastIoErrno ? ` with error ${status.lastIoErrno}: ${status.lastIoError}` : ' and no error recorded (stopped by hand?)'
      findings.push(finding({
        code: 'REPLICATION_IO_STOPPED',
        subject,
        message: `Green's IO thread (receiving blue's binlog) is ${status.ioRunning || 'not running'}${error}.`,
        remedy: status.lastIoErrno
          ? `Fix the cause the error names (network between green and blue, the replication user, blue's binlog), then restart replication (${RESTART}); if it cannot be fixed, recreate the deployment.`
          : `Restart replication (${RESTART}) and run verify again.`,
      }))
    }
  }
  if (status.sqlRunning !== 'Yes') {
    if (status.lastSqlErrno === ER.DUP_ENTRY) {
      findings.push(await duplicateKeyFinding(green, status, subject))
    } else if (status.lastSqlErrno === ER.KEY_NOT_FOUND) {
      findings.push(finding({
        code: 'REPLICATION_ROW_NOT_FOUND',
        subject,
        message: `Green's SQL thread stopped with error 1032 (${status.lastSqlError}): a row blue updated or deleted is missing or different on green, because it was changed or deleted on green.`,
        remedy: `Restore the row on green as blue has it (or recreate the deployment), then restart replication (${RESTART}); keep green read-only.`,
      }))
    } else {
      const error = status.lastSqlErrno ? ` with error ${status.lastSqlErrno}: ${status.lastSqlError}` : ' and no error recorded (stopped by hand?)'
      findings.push(finding({
        code: 'REPLICATION_SQL_STOPPED',
        subject,
        message: `Green's SQL thread (applying blue's changes) is ${status.sqlRunning || 'not running'}${error}.`,
        remedy: status.lastSqlErrno
          ? `Make green able to apply the failing event (often a change made on green: see the schema findings), then restart replication (${RESTART}); if it cannot be fixed, recreate the deployment.`
          : `Restart replication (${RESTART}) and run verify again.`,
      }))
    }
  }
  const running = status.ioRunning === 'Yes' && status.sqlRunning === 'Yes'
  return { status, running, findings, metrics }
}

/**
 * Lag against max-replica-lag: the marker round trip when one was measured (ms), otherwise
 * Seconds_Behind_Source (whole seconds; NULL when the server cannot tell).
 */
export function checkReplicaLag(
  lag: { measuredMs?: number; status?: ReplicaStatus },
  maxLagMs: number,
  subject: string,
): Finding[] {
  if (lag.measuredMs !== undefined) {
    if (lag.measuredMs <= maxLagMs) return []
    return [lagHigh(subject, `a row written on blue took ${lag.measuredMs} ms to appear on green`, maxLagMs)]
  }
  const status = lag.status
  if (!status || status.ioRunning !== 'Yes' || status.sqlRunning !== 'Yes') return [] // the thread findings say it
  if (status.secondsBehind === null) {
    return [
      finding({
        code: 'REPLICATION_LAG_UNKNOWN',
        subject,
        message: 'Green reports no lag figure (Seconds_Behind_Source is NULL) although both replication threads run.',
      }),
    ]
  }
  const ms = status.secondsBehind * 1000
  if (ms <= maxLagMs) return []
  return [lagHigh(subject, `green is ${status.secondsBehind} s behind blue (Seconds_Behind_Source)`, maxLagMs)]
}

function lagHigh(subject: string, what: string, maxLagMs: number): Finding {
  return finding({
    code: 'REPLICATION_LAG_HIGH',
    subject,
    message: `Replication lag is above max-replica-lag (${maxLagMs} ms): ${what}. A switchover waits for green to catch up while writes are stopped, so lag becomes downtime.`,
  })
}
