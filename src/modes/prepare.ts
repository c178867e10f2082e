// mode: prepare (seed 000 steps 1 to 3). Reads blue through the API and, with database
// credentials, on its running server; reports every preflight finding with a remedy; and
// with `apply: true` fixes what creation needs (see prepare/apply.ts for the order), then
// checks again so the findings describe blue as it is at the end of the run.
import { defaultBinlogFormat } from '../checks/blue/types.js'
import type { Database } from '../rds/database.js'
import type { Report } from '../report/types.js'
import { finding, type Finding } from '../findings/finding.js'
import type { ModeContext } from './context.js'
import { applyPlan, type ApplyOutcome } from './prepare/apply.js'
import { allFindings, apiChecks, liveCheckTitles, liveChecks, skippedLiveChecks, type CheckResult, type LiveResult } from './prepare/checks.js'
import { planChanges } from './prepare/plan.js'
import { checksTable, sourceTable } from './prepare/report.js'
import { GroupCache, readBlueState, type BlueState } from './prepare/state.js'
import type { Resolved } from './resolve.js'
import { waitForDatabase } from './wait.js'
import { closeQuietly } from '../db/connector.js'
import { errorLine } from '../error-line.js'

type Ctx = ModeContext<'prepare'>

/** Codes `apply: true` can fix (some with allow-reboot or backup-retention-period). */
const FIXABLE = new Set([
  'BACKUPS_DISABLED',
  'BINLOG_DISABLED',
  'BINLOG_FORMAT_MISMATCH',
  'DEFAULT_PARAMETER_GROUP',
  'PARAMETER_GROUP_PENDING_REBOOT',
  'LIVE_BINLOG_OFF',
  'LIVE_BINLOG_FORMAT_MISMATCH',
  'BINLOG_NO_WRITE_SINCE_RESTART',
  'TARGET_BINLOG_FORMAT',
])

async function readLive(ctx: Ctx, state: BlueState): Promise<LiveResult> {
  if (!ctx.db.configured) {
    return {
      checks: skippedLiveChecks(state.db, 'no database credentials'),
      unavailable: finding({
        code: 'DB_CHECKS_SKIPPED',
        subject: state.db.identifier,
        message: `No database credentials, so the running server was not checked (${liveCheckTitles(state.db).join('; ')}). The API-level checks ran.`,
      }),
    }
  }
  let conn
  try {
    conn = await ctx.db.connect(state.db.endpoint)
  } catch (error) {
    return {
      checks: skippedLiveChecks(state.db, 'the connection failed'),
      unavailable: finding({
        code: 'DB_CHECKS_UNREACHABLE',
        subject: `${state.db.endpoint.host}:${state.db.endpoint.port}`,
        message: `Could not connect to ${state.db.identifier}: ${errorLine(error)}. The running server was not checked (${liveCheckTitles(state.db).join('; ')}).`,
        remedy: "Check the credentials, db-tls/db-ca-bundle, and that the runner can reach the endpoint (security group, VPC), then run prepare again.",
      }),
    }
  }
  try {
    return await liveChecks(conn, state)
  } finally {
    await closeQuietly(conn)
  }
}

async function check(ctx: Ctx, state: BlueState): Promise<{ checks: CheckResult[]; live: LiveResult }> {
  const live = await readLive(ctx, state)
  return { checks: [...apiChecks(state, ctx.inputs, live.server), ...live.checks], live }
}

function verdict(ctx: Ctx, id: string, findings: Finding[], changes: number): void {
  const errors = findings.filter((f) => f.level === 'error')
  const codes = [...new Set(errors.map((f) => f.code))].join(', ')
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  if (ctx.dryRun) {
    ctx.report.verdict(errors.length === 0, `prepare (dry run): ${id}: ${plural(changes, 'change')} would be made${errors.length ? `; ${plural(errors.length, 'blocking finding')} (${codes})` : ''}`)
  } else if (errors.length === 0) {
    ctx.report.verdict(true, `prepare: ${id} is ready for create${changes ? ` (${plural(changes, 'change')} made)` : ''}`)
  } else {
    ctx.report.verdict(false, `prepare: ${id} is not ready for create: ${plural(errors.length, 'blocking finding')} (${codes})`)
  }
}

function nextStep(ctx: Ctx, findings: Finding[]): string {
  const errors = findings.filter((f) => f.level === 'error')
  const reboot = errors.find((f) => f.code === 'REBOOT_REQUIRED')
  if (reboot) return reboot.remedy ?? ''
  if (errors.length === 0) {
    return ctx.dryRun
      ? 'Run prepare again without `dry-run` to make the changes listed above.'
      : 'Run this action with `mode: create` (same `source` and target inputs) to create the Blue/Green Deployment.'
  }
  const fixable = [...new Set(errors.filter((f) => FIXABLE.has(f.code)).map((f) => f.code))]
  const other = [...new Set(errors.filter((f) => !FIXABLE.has(f.code)).map((f) => f.code))]
  const parts: string[] = []
  if (fixable.length > 0 && !ctx.inputs.apply) {
    parts.push(`Run prepare with \`apply: true\` (add \`allow-reboot: true\` where a reboot is needed, \`backup-retention-period\` to turn on backups) to fix ${fixable.join(', ')}.`)
  } else if (fixable.length > 0) {
    parts.push(`Fix ${fixable.join(', ')} as their remedies say (an input prepare needs, e.g. \`backup-retention-period\`).`)
  }
  if (other.length > 0) parts.push(`Fix ${other.join(', ')} by hand as their remedies say, then run prepare again.`)
  return parts.join(' ')
}

export async function runPrepare(ctx: Ctx, found: Resolved): Promise<Report> {
  const { inputs, report, log } = ctx
  log.phase('Preflight: blue through the RDS API and on its server')
  let db: Database = found.blue
  const wanted = inputs.binlogFormat ?? defaultBinlogFormat(db.engine)
  log.info(`${db.identifier}: ${db.kind === 'cluster' ? 'Aurora DB cluster' : 'DB instance'} ${db.engine} ${db.engineVersion}, ${db.status}; binlog_format wanted: ${wanted}`)
  if (inputs.apply && !ctx.dryRun && db.status !== 'available' && ['modifying', 'rebooting', 'backing-up', 'configuring-log-exports', 'upgrading', 'maintenance'].includes(db.status)) {
    db = await waitForDatabase(ctx, db, `${db.identifier} to be available before changing it`, (d) => d.status === 'available', inputs.waitTimeoutMs)
  }

  const cache = new GroupCache(ctx.rds)
  const state = await readBlueState(ctx, cache, wanted, found.deployment, db)
  const before = await check(ctx, state)
  let after = before
  let finalState = state
  let outcome: ApplyOutcome | undefined
  if (inputs.apply) {
    const plan = planChanges(state, before.checks, inputs)
    log.phase(ctx.dryRun ? 'Changes a real run would make' : 'Changes')
    outcome = await applyPlan(ctx, cache, state.db, plan)
    if (outcome.changed && !ctx.dryRun) {
      log.phase('Preflight again, after the changes')
      finalState = await readBlueState(ctx, cache, wanted, found.deployment)
      after = await check(ctx, finalState)
    }
  }

  const findings = [...allFindings(after.checks), ...(outcome?.findings ?? []), ...(after.live.unavailable ? [after.live.unavailable] : [])]
  for (const f of findings) report.finding(f)
  const changes = (report.build().actions ?? []).length
  verdict(ctx, db.identifier, findings, changes)
  report.section('Checks', checksTable(after.checks, after === before ? undefined : before.checks))
  report.section('Blue', sourceTable(finalState, after.live.server))
  report.section('Next step', nextStep(ctx, findings))
  return report.build()
}
