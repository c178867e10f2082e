// The switchover gate: what must hold at the moment of the switchover, checked right
// before the call. It composes the shared checks (green's readiness from verify, long
// transactions on blue from prepare) with the one only the switchover needs (no schema
// change running or queued on blue). Any error finding refuses the switchover unless
// force: true, which turns them into warnings and says so.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { Metric } from '../../report/types.js'
import { finding, overridden, type Finding } from '../../findings/finding.js'
import type { Queryable } from '../../db/sql.js'

export interface GateCheckResult {
  findings: Finding[]
  metrics: Metric[]
}

/**
 * The checks the gate runs. Each is a small function so the shared implementations
 * (verify's fastReadinessChecks, prepare's checkLongTransactions) plug in unchanged.
 */
export interface GateChecks {
  /**
   * Green is ready: deployment AVAILABLE with every SwitchoverDetail AVAILABLE, green's
   * members available, replication threads running without errors, lag under maxReplicaLagMs.
   */
  green(deployment: BlueGreenDeployment, options: { maxReplicaLagMs: number; blueConnection?: Queryable }): Promise<GateCheckResult>
  /** No transaction open on blue long enough to hold up the stop of writes (errors). */
  longTransactions(blue: Queryable, subject: string): Promise<Finding[]>
  /** No schema change running or queued on blue (errors). */
  ddl(blue: Queryable, subject: string): Promise<Finding[]>
}

export interface GateInput {
  deployment: BlueGreenDeployment
  /** Blue's identifier, for findings. */
  blueSubject: string
  /** An open connection to blue (through its endpoint), or why there is none. */
  blue: { conn: Queryable } | { error: string; endpoint: string }
  maxReplicaLagMs: number
  force: boolean
}

export interface GateResult {
  /** No blocking finding (before force). */
  ready: boolean
  /** The findings to report: with force, the blocking ones downgraded to warnings. */
  findings: Finding[]
  metrics: Metric[]
  /** Codes of the blocking findings (empty when ready). */
  blocking: string[]
}

export async function runGate(checks: GateChecks, input: GateInput): Promise<GateResult> {
  const findings: Finding[] = []
  const metrics: Metric[] = []
  const blueConn = 'conn' in input.blue ? input.blue.conn : undefined
  const green = await checks.green(input.deployment, { maxReplicaLagMs: input.maxReplicaLagMs, ...(blueConn ? { blueConnection: blueConn } : {}) })
  findings.push(...green.findings)
  metrics.push(...green.metrics)
  if (blueConn) {
    findings.push(...(await checks.longTransactions(blueConn, input.blueSubject)))
    findings.push(...(await checks.ddl(blueConn, input.blueSubject)))
  } else if ('error' in input.blue) {
    findings.push(
      finding({
        code: 'GATE_DB_UNREACHABLE',
        subject: input.blueSubject,
        message: `Could not connect to blue at ${input.blue.endpoint} to check for schema changes and long transactions: ${input.blue.error}.`,
      }),
    )
  }
  const blocking = findings.filter((f) => f.level === 'error')
  if (blocking.length === 0 || !input.force) {
    return { ready: blocking.length === 0, findings, metrics, blocking: blocking.map((f) => f.code) }
  }
  const reported = findings.map((f) => overridden(f, 'force: true'))
  reported.push(
    finding({
      code: 'GATE_OVERRIDDEN',
      subject: input.blueSubject,
      message: `force: true: switching over despite ${blocking.length} blocking finding${blocking.length === 1 ? '' : 's'} (${[...new Set(blocking.map((f) => f.code))].join(', ')}).`,
    }),
  )
  return { ready: false, findings: reported, metrics, blocking: blocking.map((f) => f.code) }
}
