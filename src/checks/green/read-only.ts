// Green's read_only. RDS creates green read-only; seed 003 turned it off (a parameter group
// with read_only=0 and a reboot) to write on green, and a row written there later collided
// with blue's (1062). Writable green is a warning, not a blocker: it is sometimes wanted.
// MySQL also has super_read_only; MariaDB does not (error 1193), which is not a finding.
import type { CheckResult } from './types.js'
import { finding } from '../../findings/finding.js'
import { rows, type Queryable } from '../../db/sql.js'
import { ER, errno } from '../../db/errno.js'

export interface ReadOnlyResult extends CheckResult {
  readOnly: boolean
  /** MySQL only; undefined where the server has no such variable. */
  superReadOnly?: boolean
}

export async function checkGreenReadOnly(green: Queryable, subject: string): Promise<ReadOnlyResult> {
  const [row] = await rows(green, 'SELECT @@GLOBAL.read_only AS ro')
  const readOnly = Number(row?.ro) === 1
  let superReadOnly: boolean | undefined
  try {
    const [s] = await rows(green, 'SELECT @@GLOBAL.super_read_only AS sro')
    superReadOnly = Number(s?.sro) === 1
  } catch (error) {
    if (errno(error) !== ER.UNKNOWN_SYSTEM_VARIABLE) throw error
  }
  const result: ReadOnlyResult = { readOnly, findings: [], metrics: [] }
  if (superReadOnly !== undefined) result.superReadOnly = superReadOnly
  if (!readOnly) {
    result.findings.push(finding({
      code: 'GREEN_WRITABLE',
      subject,
      message:
        "read_only is OFF on green: applications or people can write there. A row written on green whose key blue later uses stops replication with a duplicate key (1062), and anything written on green goes to production at switchover.",
    }))
  }
  return result
}
