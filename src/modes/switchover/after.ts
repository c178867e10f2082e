// What the mode proves after the switchover ends.
//  Completed: the source's name now resolves to the former green (same resource id, and the
//  endpoint answers with green's server identity), the endpoint takes a write, every
//  acknowledged probe write is on it (lost writes), and the old blue (<name>-old1) is read-only.
//  Failed or rolled back: the endpoint still reaches blue, blue takes a write, and every
//  acknowledged probe write is on blue.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import { closeQuietly, type Connection, type Endpoint } from '../../db/connector.js'
import { createHeartbeatSql, ensureHeartbeatTable, insertHeartbeatSql, writeHeartbeat } from '../../db/heartbeat.js'
import { findLostWrites, lostWritesFinding } from '../../probe/index.js'
import type { ServerIdentity } from '../../probe/types.js'
import { parseRdsArn } from '../../rds/arn.js'
import { type Database, describeDatabase } from '../../rds/database.js'
import { describeGreen, type Green } from '../../rds/green.js'
import type { ModeContext } from '../context.js'
import { identityKey, readServerIdentity, sameServer } from './identity.js'
import { finding } from '../../findings/finding.js'
import { describeSql } from '../../db/sql.js'
import { errorLine } from '../../error-line.js'

type Ctx = ModeContext<'switchover'>

/** What was known before the switchover call. */
export interface Before {
  blue: Database
  blueIdentity?: ServerIdentity
  green?: Green
  greenIdentity?: ServerIdentity
}

/** Green as RDS describes it before the switchover; undefined when it cannot be read (renamed mid-switchover). */
export async function greenBefore(ctx: Ctx, deployment: BlueGreenDeployment): Promise<Green | undefined> {
  try {
    const green = await describeGreen(ctx.rds, deployment)
    return green.status === 'missing' ? undefined : green
  } catch {
    return undefined
  }
}

/** The probe run whose writes must all be found. */
export interface ProbeWrites {
  token: string
  acknowledged: number[]
}

export function resourceIdOf(db: Pick<Database, 'kind' | 'instances' | 'cluster'> | undefined): string | undefined {
  if (!db) return undefined
  return db.kind === 'cluster' ? db.cluster?.DbClusterResourceId : db.instances[0]?.DbiResourceId
}

/** Right after completion the endpoint may still be settling: a few tries, a second apart. */
async function connectWithRetry(ctx: Ctx, endpoint: Endpoint, tries = 5): Promise<Connection> {
  let failure: unknown
  for (let i = 0; i < tries; i++) {
    try {
      return await ctx.db.connect(endpoint)
    } catch (error) {
      failure = error
      if (i < tries - 1) await ctx.sleep(1000)
    }
  }
  throw failure
}

async function lostWrites(ctx: Ctx, conn: Connection, subject: string, probe: ProbeWrites): Promise<void> {
  try {
    const check = await findLostWrites(conn, ctx.inputs.db.heartbeatTable, probe.token, probe.acknowledged)
    ctx.report.output('lost-writes', check.missing.length)
    ctx.report.metric('lost-writes', check.missing.length, 'count', 'Lost writes (acknowledged, missing)')
    ctx.report.finding(lostWritesFinding(check, subject))
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'LOST_WRITES_UNCHECKED',
        subject,
        message: `The ${probe.acknowledged.length} acknowledged probe writes could not be looked up on ${subject}: ${errorLine(error)}.`,
        remedy: `Look them up yourself: SELECT seq FROM ${ctx.inputs.db.heartbeatTable.schema}.${ctx.inputs.db.heartbeatTable.table} WHERE token = '${probe.token}' on ${subject}, and compare with the acknowledged probes in the probe log.`,
      }),
    )
  }
}

/**
 * Writes one marker row through `conn` (a change, so through act()); the error when it
 * failed. The heartbeat table is created first when missing (a switchover started
 * elsewhere, and followed here, never had it).
 */
async function takesWrite(ctx: Ctx, conn: Connection, endpoint: Endpoint, token: string): Promise<unknown> {
  const table = ctx.inputs.db.heartbeatTable
  try {
    const [found] = (await conn.query('SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema, table.table])) as unknown as [unknown[]]
    if (found.length === 0) await ctx.act(describeSql(endpoint, createHeartbeatSql(table)[1] ?? ''), () => ensureHeartbeatTable(conn, table))
    await ctx.act(describeSql(endpoint, insertHeartbeatSql(table)), () => writeHeartbeat(conn, table, 'marker', token))
    return undefined
  } catch (error) {
    return error ?? new Error('write failed')
  }
}

/** After SWITCHOVER_COMPLETED: the new primary is the former green, takes writes, and has every acknowledged probe write. */
export async function confirmNewPrimary(ctx: Ctx, before: Before, markerToken: string, probe?: ProbeWrites): Promise<Database | undefined> {
  const source = ctx.inputs.source.identifier
  const primary = await describeDatabase(ctx.rds, source, before.blue.kind)
  const subject = primary.identifier
  const greenResource = resourceIdOf(before.green)
  const nowResource = resourceIdOf(primary)
  let conn: Connection | undefined
  try {
    conn = await connectWithRetry(ctx, primary.endpoint)
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'NEW_PRIMARY_NOT_WRITABLE',
        subject,
        message: `After SWITCHOVER_COMPLETED the endpoint ${primary.endpoint.host}:${primary.endpoint.port} could not be reached: ${errorLine(error)}.`,
        remedy: 'Check the endpoint from inside the VPC and the RDS events of the deployment; applications cannot reach the database either.',
      }),
    )
    return primary
  }
  try {
    const identity = await readServerIdentity(conn)
    const movedByResource = greenResource !== undefined && nowResource === greenResource
    const movedByServer = before.greenIdentity ? sameServer(identity, before.greenIdentity) : !sameServer(identity, before.blueIdentity)
    if (!movedByServer || (greenResource !== undefined && !movedByResource)) {
      ctx.report.finding(
        finding({
          code: 'NEW_PRIMARY_NOT_GREEN',
          subject,
          message: `After SWITCHOVER_COMPLETED, ${subject} (resource ${nowResource ?? '?'}) answers as ${identityKey(identity)}, not as the former green ${before.green?.identifier ?? ''} (resource ${greenResource ?? '?'}${before.greenIdentity ? `, ${identityKey(before.greenIdentity)}` : ''}).`,
        }),
      )
    }
    const failure = identity.readOnly ? new Error('read_only is ON') : await takesWrite(ctx, conn, primary.endpoint, markerToken)
    if (failure) {
      ctx.report.finding(
        finding({
          code: 'NEW_PRIMARY_NOT_WRITABLE',
          subject,
          message: `After SWITCHOVER_COMPLETED the new primary ${subject} (${identityKey(identity)}) refused a write: ${errorLine(failure)}.`,
          remedy: "Check the new primary's parameter group (read_only must be 0) and the RDS events; applications cannot write until it does.",
        }),
      )
    } else if (movedByServer) {
      ctx.report.finding(
        finding({
          code: 'NEW_PRIMARY_CONFIRMED',
          subject,
          message: `${subject} is now the former green ${before.green?.identifier ?? ''}${greenResource ? ` (resource ${greenResource})` : ''}: the endpoint answers as ${identityKey(identity)}` +
            `${before.blueIdentity ? ` (was ${identityKey(before.blueIdentity)})` : ''}, read_only is off, and it took a write${ctx.dryRun ? ' (dry run: not attempted)' : ''}.`,
        }),
      )
    }
    if (probe) await lostWrites(ctx, conn, subject, probe)
  } finally {
    await closeQuietly(conn)
  }
  return primary
}

/** The old blue (the deployment's Source after the rename) is read-only. */
export async function checkOldBlue(ctx: Ctx, deployment: BlueGreenDeployment, before: Before): Promise<void> {
  const old = parseRdsArn(deployment.Source ?? '')
  if (!old) return
  let conn: Connection | undefined
  try {
    const db = await describeDatabase(ctx.rds, old.identifier, old.kind)
    conn = await connectWithRetry(ctx, db.endpoint, 3)
    const identity = await readServerIdentity(conn)
    const same = before.blueIdentity ? ` (${sameServer(identity, before.blueIdentity) ? 'the same server blue was' : `answering as ${identityKey(identity)}`})` : ''
    if (identity.readOnly) {
      ctx.report.finding(finding({
        code: 'OLD_BLUE_READ_ONLY',
        subject: old.identifier,
        message: `The old blue serves as ${old.identifier} at ${db.endpoint.host}:${db.endpoint.port}${same} and is read-only, as RDS leaves it.`,
      }))
    } else {
      ctx.report.finding(
        finding({
          code: 'OLD_BLUE_WRITABLE',
          subject: old.identifier,
          message: `The old blue ${old.identifier}${same} has read_only off: a client still pointing at ${db.endpoint.host}:${db.endpoint.port} could write data production never sees.`,
        }),
      )
    }
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'OLD_BLUE_UNCHECKED',
        subject: old.identifier,
        message: `The old blue ${old.identifier} could not be checked: ${errorLine(error)}.`,
      }),
    )
  } finally {
    await closeQuietly(conn)
  }
}

/** After SWITCHOVER_FAILED or a rollback: blue still serves through the endpoint, takes writes, and has every acknowledged probe write. */
export async function confirmBlueServes(ctx: Ctx, before: Before, markerToken: string, probe?: ProbeWrites): Promise<void> {
  const source = ctx.inputs.source.identifier
  let conn: Connection | undefined
  try {
    const now = await describeDatabase(ctx.rds, source, before.blue.kind)
    conn = await connectWithRetry(ctx, now.endpoint)
    const identity = await readServerIdentity(conn)
    const stillBlue = before.blueIdentity === undefined || sameServer(identity, before.blueIdentity)
    const failure = !stillBlue
      ? new Error(`the endpoint answers as ${identityKey(identity)}, not as blue (${before.blueIdentity ? identityKey(before.blueIdentity) : '?'})`)
      : identity.readOnly
        ? new Error('read_only is still ON')
        : await takesWrite(ctx, conn, now.endpoint, markerToken)
    if (failure) {
      ctx.report.finding(
        finding({
          code: 'BLUE_NOT_SERVING',
          subject: source,
          message: `After the failed switchover blue did not take a write through ${now.endpoint.host}:${now.endpoint.port}: ${errorLine(failure)}.`,
          remedy: 'Production writes may be failing: check blue in the RDS console (status, read_only in its parameter group) and the deployment events now.',
        }),
      )
    } else {
      ctx.report.finding(
        finding({
          code: 'BLUE_STILL_SERVING',
          subject: source,
          message: `Blue still serves through ${now.endpoint.host}:${now.endpoint.port} (${identityKey(identity)}), read_only is off, and it took a write${ctx.dryRun ? ' (dry run: not attempted)' : ''}.`,
        }),
      )
    }
    if (probe) await lostWrites(ctx, conn, source, probe)
  } catch (error) {
    ctx.report.finding(
      finding({
        code: 'BLUE_NOT_SERVING',
        subject: source,
        message: `After the failed switchover blue could not be reached: ${errorLine(error)}.`,
        remedy: 'Production may be down: check blue in the RDS console and the deployment events now.',
      }),
    )
  } finally {
    await closeQuietly(conn)
  }
}
