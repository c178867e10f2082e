// verify: is green ready to switch over? Seed 000's step 5 and everything seed 003 learned,
// as one report. In order:
//  1. blue, its deployment and green's members through the RDS API;
//  2. connections to blue and green at the endpoints RDS reports (as db-user);
//  3. a marker row written on blue and polled for on green (the lag figure), when green's
//     replication runs;
//  4. the fast readiness checks (the switchover gate): deployment and members available,
//     replication threads and errors (1236, 1062 explained), lag, RDS events;
//  5. green's read_only, schema compatibility, duplicate-key risk, after the marker arrived
//     (so green has applied everything blue wrote before it);
//  6. the migration lint.
// Every check that cannot run becomes a finding or a "not checked" line, never a crash, and
// a check needing the database is skipped with the reason when there is none.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { readReplicaStatus } from '../db/replica-status.js'
import { closeQuietly, type Connection } from '../db/connector.js'
import { type DuplicateKeyRisk, checkDuplicateKeyRisk } from '../checks/green/auto-increment.js'
import { connectFor } from '../checks/green/connect.js'
import { checkFailed, fastReadinessChecks, type FastCheckResult } from '../checks/green/gate.js'
import { describeGreen, type Green } from '../rds/green.js'
import { checkMigrations, type MigrationLint } from '../checks/green/migrations.js'
import { checkGreenReadOnly, type ReadOnlyResult } from '../checks/green/read-only.js'
import { readinessTable } from './verify/readiness.js'
import { checkSchemaCompatibility, type SchemaCompatibility } from '../checks/green/schema-compat.js'
import { runSyncMarker, type SyncMarkerResult } from '../checks/green/sync-marker.js'
import type { Report } from '../report/types.js'
import { finding, type Finding } from '../findings/finding.js'
import type { ModeContext } from './context.js'
import type { Resolved } from './resolve.js'

/** Database checks verify makes besides the gate's, listed when they cannot be made. */
export const VERIFY_DB_CHECKS = [
  'the marker row round trip (sync and lag)',
  "green's read_only",
  'schema compatibility',
  'duplicate-key risk (auto-increment keys)',
]

const DB_STATUSES = new Set(['AVAILABLE', 'SWITCHOVER_FAILED'])

export async function runVerify(ctx: ModeContext<'verify'>, found: Resolved & { deployment: BlueGreenDeployment }): Promise<Report> {
  const { inputs, report, log } = ctx
  log.phase('Deployment and green members')
  const { blue, deployment } = found
  const status = deployment.Status ?? 'unknown'
  report.output('deployment-id', deployment.BlueGreenDeploymentIdentifier ?? '')
  report.output('status', status)
  log.info(`Deployment ${deployment.BlueGreenDeploymentIdentifier} (${deployment.BlueGreenDeploymentName}) is ${status}`)

  const findings: Finding[] = []
  const notChecked: string[] = []
  let green: Green | undefined
  try {
    green = await describeGreen(ctx.rds, deployment)
    report.output('green-identifiers', [green.cluster?.DBClusterIdentifier, ...green.instances.map((i) => i.DBInstanceIdentifier)].filter(Boolean).join(','))
    if (green.endpoint) report.output('green-endpoint', `${green.endpoint.host}:${green.endpoint.port}`)
  } catch (error) {
    findings.push(checkFailed(deployment.BlueGreenDeploymentIdentifier ?? blue.identifier, "green's members", error))
  }

  log.phase('Replication, sync and schema on blue and green')
  // Connections, only where green exists and replicates and credentials were given.
  let blueConn: Connection | undefined
  let greenConn: Connection | null | undefined
  const dbPossible = green?.endpoint !== undefined && DB_STATUSES.has(status) && ctx.db.configured
  if (dbPossible && green?.endpoint) {
    const [b, g] = await Promise.all([
      connectFor(ctx.db, blue.endpoint, 'blue', blue.identifier, ['the marker row round trip', 'schema compatibility', 'duplicate-key risk']),
      connectFor(ctx.db, green.endpoint, 'green', green.identifier, [...VERIFY_DB_CHECKS.slice(0, 1), "green's replication threads and errors", ...VERIFY_DB_CHECKS.slice(1)]),
    ])
    if (b.finding) findings.push(b.finding)
    if (g.finding) findings.push(g.finding)
    blueConn = b.conn
    greenConn = g.conn ?? null
  }

  let sync: SyncMarkerResult | undefined
  let gate: FastCheckResult | undefined
  let readOnly: ReadOnlyResult | undefined
  let schema: SchemaCompatibility | undefined
  let risk: DuplicateKeyRisk | undefined
  try {
    if (blueConn && greenConn) {
      sync = await guarded(findings, blue.identifier, 'the marker row round trip', async () => {
        const before = await readReplicaStatus(greenConn as Connection)
        if (!before || before.ioRunning !== 'Yes' || before.sqlRunning !== 'Yes') {
          return {
            outcome: 'skipped' as const,
            polls: 0,
            metrics: [],
            findings: [finding({ code: 'SYNC_NOT_CHECKED', subject: green?.identifier ?? '', message: "Green's replication is not running, so a marker row could not arrive; it was not written." })],
          }
        }
        return runSyncMarker(ctx, blueConn as Connection, greenConn as Connection, {
          table: inputs.db.heartbeatTable,
          timeoutMs: ctx.timeLeft(inputs.syncTimeoutMs),
          blueEndpoint: blue.endpoint,
        })
      })
      if (sync?.outcome === 'arrived') log.info(`Marker row reached green ${sync.lagMs} ms after blue acknowledged it (${sync.polls} polls)`)
    } else if (dbPossible) {
      const unreachable = [blueConn ? undefined : 'blue', greenConn ? undefined : 'green'].filter(Boolean).join(' and ')
      notChecked.push(`${greenConn ? '' : "green's read_only, "}the marker row round trip, schema compatibility and duplicate-key risk (${unreachable} unreachable)`)
    }

    gate = await fastReadinessChecks(ctx, deployment, {
      maxReplicaLagMs: inputs.maxReplicaLagMs,
      ...(sync?.lagMs !== undefined ? { measuredLagMs: sync.lagMs } : {}),
      ...(greenConn !== undefined ? { greenConnection: greenConn } : {}),
      ...(blueConn ? { blueConnection: blueConn } : {}),
      ...(green ? { green } : {}),
      alsoNotChecked: VERIFY_DB_CHECKS,
    })
    findings.push(...gate.findings)
    notChecked.push(...gate.notChecked)
    if (sync) findings.push(...sync.findings)

    if (greenConn && green) {
      const subject = green.identifier
      readOnly = await guarded(findings, subject, "green's read_only", () => checkGreenReadOnly(greenConn as Connection, subject))
      if (readOnly) findings.push(...readOnly.findings)
    }
    if (blueConn && greenConn) {
      schema = await guarded(findings, blue.identifier, 'schema compatibility', () =>
        checkSchemaCompatibility(blueConn as Connection, greenConn as Connection, { heartbeat: inputs.db.heartbeatTable }),
      )
      if (schema) {
        findings.push(...schema.findings)
        const snapshots = { blue: schema.blue, green: schema.green }
        risk = await guarded(findings, blue.identifier, 'duplicate-key risk', () => checkDuplicateKeyRisk(blueConn as Connection, greenConn as Connection, snapshots))
        // A table whose duplicate key already stopped replication is explained by that
        // finding (rows to delete included); its maxima are not comparable while it is stopped.
        const stopped = new Set(findings.filter((f) => f.code === 'REPLICATION_DUPLICATE_KEY').map((f) => f.subject))
        if (risk) findings.push(...risk.findings.filter((f) => !stopped.has(f.subject.split('.').slice(0, 2).join('.'))))
      }
    }
  } finally {
    await Promise.all([closeQuietly(blueConn), closeQuietly(greenConn ?? undefined)])
  }

  let lint: MigrationLint | undefined
  if (inputs.migrations.length > 0) {
    log.phase('Migration lint')
    lint = await guarded(findings, inputs.migrations.join(', '), 'the migration lint', () =>
      checkMigrations(inputs.migrations, { ...(schema ? { blue: schema.blue, replication: schema.replication } : {}) }),
    )
    if (lint) findings.push(...lint.findings)
  }

  for (const f of findings) report.finding(f)
  for (const result of [gate, sync, schema, risk, lint]) for (const m of result?.metrics ?? []) report.metric(m.name, m.value, m.unit, m.label)
  for (const e of gate?.events ?? []) report.event(`${e.source}: ${e.message}`, { at: e.at, source: 'rds-event' })
  if (sync?.lagMs !== undefined) report.output('replica-lag-ms', sync.lagMs)

  const blocking = findings.filter((f) => f.level === 'error').length
  // A dry run writes no marker row, so it never proves replication end to end: it is never
  // "ready", whatever else passed (the switchover job waits for ready == 'true').
  const ready = blocking === 0 && !ctx.dryRun
  report.output('ready', ready)
  report.section(
    'Readiness',
    readinessTable({
      deployment,
      ...(green ? { green } : {}),
      ...(gate?.replica ? { replica: gate.replica } : {}),
      ...(sync ? { sync } : {}),
      maxReplicaLagMs: inputs.maxReplicaLagMs,
      syncTimeoutMs: inputs.syncTimeoutMs,
      ...(readOnly ? { readOnly } : {}),
      ...(schema ? { schema } : {}),
      ...(risk ? { risk } : {}),
      ...(lint ? { lint } : {}),
      notChecked,
      findings,
    }),
    { lead: true },
  )
  const greenName = green?.identifier ? ` (green ${green.identifier})` : ''
  const plural = blocking === 1 ? '' : 's'
  if (ctx.dryRun) {
    report.verdict(
      blocking === 0,
      blocking === 0
        ? `${blue.identifier}: dry run: no blocking finding in the checks a dry run makes; green is not proven ready, since no marker row was written${greenName}`
        : `${blue.identifier}: dry run: green is not ready to switch over${greenName}: ${blocking} blocking finding${plural}`,
    )
  } else {
    report.verdict(
      ready,
      ready
        ? `${blue.identifier}: green is ready to switch over${greenName}`
        : `${blue.identifier}: green is not ready to switch over${greenName}: ${blocking} blocking finding${plural}`,
    )
  }
  log.info(ready ? 'Green is ready to switch over' : blocking === 0 ? 'Dry run: green is not proven ready (no marker row was written)' : `Green is not ready: ${findings.filter((f) => f.level === 'error').map((f) => f.code).join(', ')}`)
  return report.build()
}

/** Runs one check; a failure becomes a CHECK_FAILED finding naming the check, never a crash. */
async function guarded<T>(findings: Finding[], subject: string, what: string, run: () => Promise<T>): Promise<T | undefined> {
  try {
    return await run()
  } catch (error) {
    findings.push(checkFailed(subject, what, error))
    return undefined
  }
}
