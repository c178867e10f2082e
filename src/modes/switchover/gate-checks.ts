// The gate's checks as the switchover mode runs them: the one place that wires the shared
// implementations into GateChecks. Green's readiness is verify's fastReadinessChecks (the
// same code verify reports with); long transactions are prepare's checkLongTransactions,
// reported here as LONG_TRANSACTION_ON_BLUE, an error (a long transaction on blue makes the switchover time out); schema
// changes on blue are this mode's own check.
import { checkLongTransactions } from '../../checks/blue/long-transactions.js'
import { fastReadinessChecks } from '../../checks/green/gate.js'
import { checkDdlOnBlue } from './ddl-on-blue.js'
import type { ModeContext } from '../context.js'
import type { GateChecks } from './gate.js'

export function gateChecks(ctx: ModeContext<'switchover'>): GateChecks {
  return {
    green: async (deployment, options) => {
      const result = await fastReadinessChecks(ctx, deployment, {
        maxReplicaLagMs: options.maxReplicaLagMs,
        ...(options.blueConnection ? { blueConnection: options.blueConnection } : {}),
      })
      return { findings: result.findings, metrics: result.metrics }
    },
    longTransactions: (conn, subject) => checkLongTransactions(conn, { code: 'LONG_TRANSACTION_ON_BLUE', subject }),
    ddl: (conn, subject) => checkDdlOnBlue(conn, subject),
  }
}
