// The fast readiness checks: what must hold at the moment of a switchover, cheap enough to
// run right before one. verify runs them as part of its report; the switchover mode runs
// them as its gate. Read-only: no write to blue or green.
//  - the deployment is AVAILABLE and every SwitchoverDetail is AVAILABLE;
//  - every green member exists and is `available` (not storage-optimization...), and is not
//    pending a reboot (warning);
//  - green replicates: IO and SQL threads running, no error (1236, 1062... explained);
//  - the lag is under max-replica-lag;
//  - the RDS events of green since the deployment was created (returned, and used to explain
//    replication errors when green's replica status cannot be read directly).
// Without database credentials, or when green cannot be reached, the API-level checks still
// run and a blocking finding lists what could not be checked.
import type { BlueGreenDeployment, RDSClient } from '@aws-sdk/client-rds'
import { closeQuietly, type DbConnector } from '../../db/connector.js'
import { readReplicaStatus, type ReplicaStatus } from '../../db/replica-status.js'
import { finding, type Finding } from '../../findings/finding.js'
import { firstBinlogOf } from './binlog-not-found.js'
import { connectFor, credentialsMissing } from './connect.js'
import { checkDeploymentState, deploymentSubject } from './deployment-state.js'
import { describeGreen, type Green } from '../../rds/green.js'
import { checkGreenMembers, replicationStatusInfos } from './green-members.js'
import type { RdsEvent } from '../../rds/events.js'
import { readGreenEvents, replicationErrorEvents } from './rds-events.js'
import { checkReplicaLag, checkReplicationHealth } from './replication-health.js'
import type { CheckResult } from './types.js'
import { ER } from '../../db/errno.js'
import { errorLine } from '../../error-line.js'
import type { Queryable } from '../../db/sql.js'

/** What the gate needs; a ModeContext has all of it. */
export interface ReadinessDeps {
  rds: RDSClient
  db: DbConnector
  now?: () => number
}

export interface FastCheckOptions {
  /** The most lag green may have (max-replica-lag). */
  maxReplicaLagMs: number
  /** Lag the caller measured (a marker round trip, ms); otherwise Seconds_Behind_Source is used. */
  measuredLagMs?: number
  /**
   * An open connection to green's writer endpoint; otherwise the gate opens and closes one.
   * null: the caller could not connect and has reported it; the database checks are skipped.
   */
  greenConnection?: Queryable | null
  /** An open connection to blue, used only to explain error 1236 (blue's first binlog file). */
  blueConnection?: Queryable
  /** Green's members already read by the caller (readGreen); otherwise the gate reads them. */
  green?: Green
  /** Further database checks the caller would make, listed when the database cannot be reached. */
  alsoNotChecked?: string[]
}

export interface FastCheckResult extends CheckResult {
  /** No error finding. */
  ready: boolean
  /** Green's members as RDS describes them (undefined when they could not be read). */
  green?: Green
  /** Green's replica status, when it could be read. */
  replica?: ReplicaStatus
  /** RDS events of the deployment and green's members since the deployment was created. */
  events: RdsEvent[]
  /** Checks that could not be made, in words. */
  notChecked: string[]
}

/** Statuses in which green exists and replicates, so the database checks make sense. */
const DB_CHECKED_STATUSES = new Set(['AVAILABLE', 'SWITCHOVER_FAILED'])

export const GATE_DB_CHECKS = ["green's replication threads and errors", 'replication lag']

export async function fastReadinessChecks(
  deps: ReadinessDeps,
  deployment: BlueGreenDeployment,
  options: FastCheckOptions,
): Promise<FastCheckResult> {
  const now = deps.now ?? Date.now
  const findings: Finding[] = [...checkDeploymentState(deployment)]
  const metrics: FastCheckResult['metrics'] = []
  const notChecked: string[] = []
  const status = deployment.Status ?? 'unknown'
  const subject = deploymentSubject(deployment)

  let green: Green | undefined = options.green
  try {
    green ??= await describeGreen(deps.rds, deployment)
  } catch (error) {
    findings.push(checkFailed(subject, "reading green's members (DescribeDBInstances/DescribeDBClusters)", error))
  }
  if (green) {
    const members = checkGreenMembers(green)
    if (status === 'PROVISIONING') {
      // Members being created are what "provisioning" means: say where each one is.
      const deploymentFinding = findings.find((f) => f.code === 'DEPLOYMENT_NOT_AVAILABLE')
      const states = [
        ...(green.cluster ? [`${green.cluster.DBClusterIdentifier} (${green.cluster.Status})`] : []),
        ...green.instances.map((i) => `${i.DBInstanceIdentifier} (${i.DBInstanceStatus})`),
        ...green.missing.map((id) => `${id} (not created yet)`),
      ]
      if (deploymentFinding && states.length) deploymentFinding.message += ` Green members: ${states.join(', ')}.`
    } else {
      findings.push(...members)
    }
  }

  let events: RdsEvent[] = []
  if (green) {
    try {
      events = await readGreenEvents(deps.rds, deployment, green, now)
    } catch (error) {
      notChecked.push(`RDS events (${errorLine(error)})`)
    }
  }

  let replica: ReplicaStatus | undefined
  // Why green's replica status was not read, when it was not: the remedy of an error RDS
  // reports instead depends on it.
  let unread: UnreadReason = 'failed'
  const dbChecks = [...GATE_DB_CHECKS, ...(options.alsoNotChecked ?? [])]
  if (!green?.endpoint || !DB_CHECKED_STATUSES.has(status)) {
    unread = { status }
    notChecked.push(`database checks (the deployment is ${status}${green?.endpoint ? '' : ', green has no endpoint yet'})`)
  } else if (options.greenConnection === null) {
    unread = 'unreachable'
    notChecked.push(...GATE_DB_CHECKS)
  } else if (!options.greenConnection && !deps.db.configured) {
    unread = 'no-credentials'
    notChecked.push(...dbChecks)
    findings.push(credentialsMissing(green.identifier, dbChecks))
  } else {
    let conn = options.greenConnection
    let opened: Awaited<ReturnType<typeof connectFor>>['conn']
    if (!conn) {
      const connected = await connectFor(deps.db, green.endpoint, 'green', green.identifier, dbChecks)
      if (connected.finding) {
        unread = 'unreachable'
        findings.push(connected.finding)
        notChecked.push(...dbChecks)
      }
      conn = opened = connected.conn
    }
    if (conn) {
      try {
        replica = await readReplicaStatus(conn)
        const blueFirstBinlog =
          replica?.lastIoErrno === ER.SOURCE_FATAL_ERROR_READING_BINLOG && options.blueConnection ? await firstBinlogOf(options.blueConnection) : undefined
        const health = await checkReplicationHealth(conn, green.identifier, { ...(replica ? { status: replica } : {}), ...(blueFirstBinlog ? { blueFirstBinlog } : {}) })
        findings.push(...health.findings)
        metrics.push(...health.metrics)
        findings.push(...checkReplicaLag({ ...(options.measuredLagMs !== undefined ? { measuredMs: options.measuredLagMs } : {}), ...(replica ? { status: replica } : {}) }, options.maxReplicaLagMs, green.identifier))
      } catch (error) {
        findings.push(checkFailed(green.identifier, "reading green's replica status (SHOW REPLICA STATUS needs REPLICATION CLIENT)", error))
        notChecked.push(...GATE_DB_CHECKS)
      } finally {
        await closeQuietly(opened)
      }
    }
  }

  if (green && !replica) findings.push(...apiReplicationFindings(green, events, unread))

  return { ready: !findings.some((f) => f.level === 'error'), findings, metrics, green, ...(replica ? { replica } : {}), events, notChecked }
}

/**
 * Replication errors as RDS reports them (StatusInfos, and the latest replication error
 * event), for when green's replica status could not be read directly.
 */
type UnreadReason = 'no-credentials' | 'unreachable' | 'failed' | { status: string }

/** What to do about an error RDS reports, given why verify could not read green itself. */
function unreadRemedy(unread: UnreadReason): string {
  if (unread === 'no-credentials') return 'Run verify with database credentials for the exact cause and the rows or binlog involved; fix it as the finding says, then run verify again.'
  if (unread === 'unreachable' || unread === 'failed') {
    return "Fix the connection or privilege problem reported above, so verify can read green's replica status for the exact cause; then fix that as its finding says and run verify again."
  }
  return `Wait until the deployment is AVAILABLE (it is ${unread.status}; mode: create waits for it) and run verify again: it then reads green's replica status for the exact cause. If the error stays, delete the deployment (cleanup with abandon: true), fix the cause named above and create it again.`
}

function apiReplicationFindings(green: Green, events: RdsEvent[], unread: UnreadReason): Finding[] {
  const errors = replicationErrorEvents(events)
  return replicationStatusInfos(green).map(({ instance, status, message }) => {
    const latest = errors.filter((e) => e.source === instance).pop()
    const reason = latest && latest.reason !== message ? `: ${latest.reason}` : ''
    const errno = latest ? ` Latest replication error event (${new Date(latest.at).toISOString()}): ${latest.thread}Error ${latest.errno}${reason}.` : ''
    const hint =
      latest?.errno === ER.SOURCE_FATAL_ERROR_READING_BINLOG
        ? " Error 1236 here usually means nothing was written on blue after its binlog was enabled: write a row on blue and recreate the deployment."
        : latest?.errno === ER.DUP_ENTRY
          ? ' Error 1062 here means a row written on green took a key blue later used: delete the rows written on green and restart replication.'
          : ''
    return finding({
      code: 'REPLICATION_ERROR_REPORTED',
      subject: instance,
      message: `RDS reports green's read replication as ${status}${message ? ` (${message})` : ''}.${errno}${hint}`,
      remedy: unreadRemedy(unread),
    })
  })
}

export function checkFailed(subject: string, what: string, error: unknown): Finding {
  return finding({
    code: 'CHECK_FAILED',
    subject,
    message: `Could not check ${what}: ${errorLine(error)}.`,
  })
}

