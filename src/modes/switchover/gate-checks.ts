// The gate's checks as the switchover mode runs them: the one place that wires the shared
// implementations into GateChecks.
//
// INTERIM: verify's fastReadinessChecks (src/checks/green/) and prepare's
// checkLongTransactions (src/checks/blue/) have not landed on main yet. Until they do,
// `green` and `longTransactions` below are minimal stand-ins with the same finding codes;
// once they land this file becomes:
//   green: (d, o) => fastReadinessChecks(ctx, d, { maxReplicaLagMs: o.maxReplicaLagMs, blueConnection: o.blueConnection })
//   longTransactions: (conn, subject) => checkLongTransactions(conn, { level: 'error', subject })
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { readReplicaStatus } from '../../db/replica-status.js'
import { checkDdlOnBlue } from '../../checks/switchover/ddl-on-blue.js'
import { describeDatabase } from '../../rds/database.js'
import { greenOf } from '../../rds/deployment.js'
import type { Finding, Metric } from '../../report/types.js'
import type { ModeContext } from '../context.js'
import type { GateCheckResult, GateChecks, SqlQuery } from './gate.js'

export function gateChecks(ctx: ModeContext<'switchover'>): GateChecks {
  return {
    green: (deployment, options) => interimGreenReadiness(ctx, deployment, options.maxReplicaLagMs),
    longTransactions: (conn, subject) => interimLongTransactions(conn, subject),
    ddl: (conn, subject) => checkDdlOnBlue(conn, subject),
  }
}

async function interimGreenReadiness(ctx: ModeContext<'switchover'>, d: BlueGreenDeployment, maxReplicaLagMs: number): Promise<GateCheckResult> {
  const findings: Finding[] = []
  const metrics: Metric[] = []
  const id = d.BlueGreenDeploymentIdentifier ?? 'deployment'
  if (d.Status !== 'AVAILABLE') {
    findings.push({
      level: 'error',
      code: 'DEPLOYMENT_NOT_AVAILABLE',
      subject: id,
      message: `The deployment is ${d.Status ?? 'unknown'}, not AVAILABLE, so green cannot be switched over yet.${d.StatusDetails ? ` StatusDetails: ${d.StatusDetails}.` : ''}`,
      remedy: 'Wait until the deployment is AVAILABLE (run verify for the details) and run the switchover again.',
    })
    return { findings, metrics }
  }
  for (const detail of d.SwitchoverDetails ?? []) {
    if (detail.Status === 'AVAILABLE') continue
    findings.push({
      level: 'error',
      code: 'SWITCHOVER_DETAIL_NOT_AVAILABLE',
      subject: `${detail.SourceMember?.split(':').pop()} -> ${detail.TargetMember?.split(':').pop()}`,
      message: `The member pair is ${detail.Status ?? 'unknown'}, not AVAILABLE.`,
      remedy: 'Wait until every member pair is AVAILABLE and run the switchover again.',
    })
  }
  const target = greenOf(d)
  if (!target) return { findings, metrics }
  const green = await describeDatabase(ctx.rds, target.identifier, target.kind)
  for (const i of green.instances) {
    if (i.DBInstanceStatus === 'available') continue
    findings.push({
      level: 'error',
      code: 'GREEN_MEMBER_NOT_AVAILABLE',
      subject: i.DBInstanceIdentifier ?? green.identifier,
      message: `Green member ${i.DBInstanceIdentifier} is ${i.DBInstanceStatus}, not available.`,
      remedy: 'Wait until it is available and run the switchover again.',
    })
  }
  const conn = await ctx.db.connect(green.endpoint)
  try {
    const status = await readReplicaStatus(conn)
    if (!status) {
      findings.push({ level: 'error', code: 'REPLICATION_NOT_CONFIGURED', subject: green.identifier, message: 'Green is not replicating from blue.', remedy: 'Recreate the deployment.' })
    } else {
      if (status.ioRunning !== 'Yes' || status.lastIoErrno !== 0) {
        findings.push({
          level: 'error',
          code: 'REPLICATION_IO_STOPPED',
          subject: green.identifier,
          message: `Green's replication IO thread is ${status.ioRunning}${status.lastIoErrno ? ` with error ${status.lastIoErrno}` : ''}.`,
          remedy: 'Run verify for the cause and the fix, then run the switchover again.',
        })
      }
      if (status.sqlRunning !== 'Yes' || status.lastSqlErrno !== 0) {
        findings.push({
          level: 'error',
          code: 'REPLICATION_SQL_STOPPED',
          subject: green.identifier,
          message: `Green's replication SQL thread is ${status.sqlRunning}${status.lastSqlErrno ? ` with error ${status.lastSqlErrno}` : ''}.`,
          remedy: 'Run verify for the cause and the fix, then run the switchover again.',
        })
      }
      if (status.secondsBehind !== null) {
        metrics.push({ name: 'replica-lag', value: status.secondsBehind * 1000, unit: 'ms', label: 'Green replica lag (Seconds_Behind)' })
        if (status.secondsBehind * 1000 > maxReplicaLagMs) {
          findings.push({
            level: 'error',
            code: 'REPLICATION_LAG_HIGH',
            subject: green.identifier,
            message: `Green is ${status.secondsBehind} s behind blue, more than max-replica-lag (${maxReplicaLagMs} ms).`,
            remedy: 'Wait until green catches up (reduce the write load) and run the switchover again.',
          })
        }
      }
    }
  } finally {
    await conn.end().catch(() => undefined)
  }
  return { findings, metrics }
}

async function interimLongTransactions(conn: SqlQuery, subject: string): Promise<Finding[]> {
  const [rows] = (await conn.query(
    `SELECT trx_mysql_thread_id AS id, TIMESTAMPDIFF(SECOND, trx_started, NOW()) AS age FROM information_schema.INNODB_TRX
     WHERE trx_started <= NOW() - INTERVAL 60 SECOND AND trx_mysql_thread_id <> CONNECTION_ID() LIMIT 50`,
  )) as [Array<{ id: number; age: number }>, unknown]
  return rows.map((r) => ({
    level: 'error' as const,
    code: 'LONG_RUNNING_TRANSACTION',
    subject: `${subject} connection ${r.id}`,
    message: `A transaction has been open for ${r.age} s.`,
    remedy: `Let it commit, or end it with CALL mysql.rds_kill(${r.id}); then run the switchover again.`,
  }))
}
