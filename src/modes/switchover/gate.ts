// The switchover gate: what must hold at the moment of the switchover, checked right
// before the call. It composes the shared checks (green's readiness as verify checks it,
// long transactions on blue as prepare checks them, under the gate's own blocking code)
// with the one only the switchover needs (no schema change running or queued on blue).
// Any error finding refuses the switchover unless force: true, which turns them into
// warnings and says so.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { Metric } from '../../report/types.js'
import { finding, overridden, type Finding } from '../../findings/finding.js'
import { checkDdlOnBlue } from '../../checks/blue/ddl.js'
import { checkLongTransactions } from '../../checks/blue/long-transactions.js'
import { fastReadinessChecks } from '../../checks/green/gate.js'
import type { Queryable } from '../../db/sql.js'
import type { ModeContext } from '../context.js'

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

export async function runGate(ctx: ModeContext<'switchover'>, input: GateInput): Promise<GateResult> {
  const blueConn = 'conn' in input.blue ? input.blue.conn : undefined
  // Green's readiness: the same checks verify reports with.
  const green = await fastReadinessChecks(ctx, input.deployment, { maxReplicaLagMs: input.maxReplicaLagMs, ...(blueConn ? { blueConnection: blueConn } : {}) })
  const findings: Finding[] = [...green.findings]
  const metrics: Metric[] = [...green.metrics]
  if (blueConn) {
    findings.push(...(await checkLongTransactions(blueConn, { code: 'LONG_TRANSACTION_ON_BLUE', subject: input.blueSubject })))
    findings.push(...(await checkDdlOnBlue(blueConn, input.blueSubject)))
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
