// What every green readiness check returns: findings (stable codes, see codes.ts) and the
// figures it measured. Each check lives in its own file and can be called on its own.
import type { Metric } from '../../report/types.js'
import type { Finding } from '../../findings/finding.js'

export interface CheckResult {
  findings: Finding[]
  metrics: Metric[]
}

export function emptyResult(): CheckResult {
  return { findings: [], metrics: [] }
}
