// Proof that no acknowledged write was lost: every probe whose heartbeat INSERT returned OK
// must have its row on the new primary. One query fetches the run's rows (the token's range
// of the (token, seq) unique key), and the comparison is done here, so the cost does not
// grow with round trips however many probes ran.
import { finding, type Finding } from '../findings/finding.js'
import { type HeartbeatTable, qualified } from '../db/heartbeat.js'
import type { Queryable } from '../db/sql.js'

export interface LostWriteCheck {
  /** Acknowledged probes looked up. */
  acknowledged: number
  /** Seqs acknowledged to the prober and missing on the server: lost writes. */
  missing: number[]
  /**
   * Rows on the server whose probe never saw the OK (its connection dropped or timed out
   * after the server took the write). Not a loss; shows that an unacknowledged write may
   * still have been committed, as applications must expect.
   */
  presentUnacknowledged: number[]
}

export async function findLostWrites(
  db: Queryable,
  table: HeartbeatTable,
  token: string,
  acknowledgedSeqs: readonly number[],
): Promise<LostWriteCheck> {
  const [rows] = await db.query(`SELECT seq FROM ${qualified(table)} WHERE kind = 'probe' AND token = ?`, [token])
  const present = new Set((rows as Array<{ seq: number | string }>).map((r) => Number(r.seq)))
  const acknowledged = new Set(acknowledgedSeqs)
  const missing = [...acknowledged].filter((seq) => !present.has(seq)).sort((a, b) => a - b)
  const presentUnacknowledged = [...present].filter((seq) => !acknowledged.has(seq)).sort((a, b) => a - b)
  return { acknowledged: acknowledged.size, missing, presentUnacknowledged }
}

function list(seqs: readonly number[], max = 20): string {
  const shown = seqs.slice(0, max).join(', ')
  return seqs.length > max ? `${shown} and ${seqs.length - max} more` : shown
}

/** The finding for a lost-write check on `subject` (the new primary's identifier). */
export function lostWritesFinding(check: LostWriteCheck, subject: string): Finding {
  if (check.missing.length > 0) {
    return finding({
      code: 'PROBE_LOST_WRITES',
      subject,
      message:
        `${check.missing.length} of ${check.acknowledged} acknowledged probe writes are missing on the new primary: probes ${list(check.missing)}. ` +
        'The server acknowledged these commits before the switchover and the new primary does not have them.',
    })
  }
  const unacked =
    check.presentUnacknowledged.length > 0
      ? ` ${check.presentUnacknowledged.length} writes whose acknowledgement never arrived are also present (probes ${list(check.presentUnacknowledged)}).`
      : ''
  return finding({
    code: 'PROBE_NO_LOST_WRITES',
    subject,
    message: `All ${check.acknowledged} acknowledged probe writes are present on the new primary.${unacked}`,
  })
}
