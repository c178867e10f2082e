// Error 1236 on green's IO thread, explained (seed 000): green asks blue for a binary log
// file that is not in blue's binlog index. In seed 000 blue's binlog had just been enabled
// by a reboot and nothing was written on blue before the deployment was created, so green
// started from the file before blue's first, which never existed. A binlog purged by a short
// retention gives the same error, so the remedy that always works is a new deployment.
import type { ReplicaStatus } from '../../db/replica-status.js'
import { finding, type Finding } from '../../findings/finding.js'
import { rows, type Queryable } from '../../db/sql.js'

/** Blue's oldest binary log file (SHOW BINARY LOGS), or undefined when it cannot be read. */
export async function firstBinlogOf(blue: Queryable): Promise<string | undefined> {
  try {
    const [first] = await rows(blue, 'SHOW BINARY LOGS')
    const name = first ? (first.Log_name ?? Object.values(first)[0]) : undefined
    return name === undefined || name === null ? undefined : String(name)
  } catch {
    // Needs REPLICATION CLIENT (or BINLOG_ADMIN); the explanation does without it.
    return undefined
  }
}

function fileNumber(file: string): number | undefined {
  const match = /\.(\d+)$/.exec(file)
  return match ? Number(match[1]) : undefined
}

export function binlogNotFoundFinding(status: ReplicaStatus, subject: string, blueFirstBinlog?: string): Finding {
  const file = status.sourceLogFile
  const wanted = file ? `binary log ${file} at position ${status.readSourceLogPos}` : 'a binary log position'
  const n = file ? fileNumber(file) : undefined
  const first = blueFirstBinlog ? fileNumber(blueFirstBinlog) : undefined
  const justBefore = n !== undefined && first !== undefined && n === first - 1
  const where = blueFirstBinlog
    ? ` Blue's binary logs start at ${blueFirstBinlog}${justBefore ? ', the file right after the one green asks for' : ''}.`
    : ''
  const next =
    n !== undefined
      ? ` If blue wrote nothing between enabling its binlog and the creation of the deployment, AWS's procedure for 1236 on a replica also works without recreating: on green, CALL mysql.rds_next_master_log(${n}); moves green to the start of blue's next binlog file; do not use it when the file was purged, as green would silently miss its transactions.`
      : ''
  return finding({
    code: 'REPLICATION_BINLOG_NOT_FOUND',
    subject,
    message:
      `Green's IO thread stopped with error 1236 (${status.lastIoError || 'no text'}): green asks blue for ${wanted}, which is not in blue's binary log index.${where} ` +
      "The usual cause: blue's binlog was enabled by a reboot and nothing was written on blue before the deployment was created, so green started from a file that never existed (a binlog purged by a short retention gives the same error).",
    remedy:
      'Write one row on blue after enabling the binlog (the prepare mode writes a heartbeat row), then recreate the deployment: cleanup with abandon: true, then create.' +
      next +
      " Keep blue's binlogs long enough: CALL mysql.rds_set_configuration('binlog retention hours', 24);",
  })
}
