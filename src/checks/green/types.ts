// What every green readiness check returns: findings (stable codes, see codes.ts) and the
// figures it measured. Each check lives in its own file and can be called on its own.
import type { Connection } from 'mysql2/promise'
import type { Metric } from '../../report/types.js'
import type { Finding } from '../../findings/finding.js'

export interface CheckResult {
  findings: Finding[]
  metrics: Metric[]
}

/** The part of a mysql2/promise connection the checks use (a Pool works too). */
export type SqlConnection = Pick<Connection, 'query'>

export function emptyResult(): CheckResult {
  return { findings: [], metrics: [] }
}
