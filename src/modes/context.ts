// What every mode receives. A mode is `(ctx: ModeContext<'verify'>) => Promise<Report>`:
// it reads ctx.inputs, talks to AWS through ctx.rds (or ctx.aws.create(OtherClient)) and to
// MySQL through ctx.db.connect(endpoint), fills ctx.report, and returns ctx.report.build().
//
// Every change a mode makes (a mutating AWS call, an SQL write) goes through ctx.act():
// with `dry-run: true` it records "would run ..." in the report and skips the change, so
// a dry run lists the calls and changes nothing; otherwise it runs it and records that it
// did. Reads (Describe*, SELECT) are not changes and run in both.
import type { RDSClient } from '@aws-sdk/client-rds'
import type { AwsClients } from '../aws/clients.js'
import { poll, realSleep, type PollOptions } from '../aws/poll.js'
import type { DbConnector } from '../db/connector.js'
import type { InputsFor } from '../inputs/types.js'
import type { Logger } from '../log.js'
import { ReportBuilder } from '../report/builder.js'
import type { Mode } from '../mode.js'
import { WaitProgress } from '../progress.js'
import type { SecretRegistry } from '../secrets/registry.js'

export interface ModeContext<M extends Mode = Mode> {
  readonly mode: M
  /** The validated inputs of this mode. */
  readonly inputs: InputsFor<M>
  /** True with `dry-run: true`: act() skips every change. */
  readonly dryRun: boolean
  /** The RDS client (region, credentials and throttling retries of the run). */
  readonly rds: RDSClient
  /** Region, credentials, and `create(Client)` for any other AWS SDK v3 client with the same settings. */
  readonly aws: AwsClients
  /** MySQL connections with the run's credentials and TLS: `await ctx.db.connect({ host, port })`. */
  readonly db: DbConnector
  readonly log: Logger
  /** The report this mode fills; return `ctx.report.build()`. */
  readonly report: ReportBuilder
  /** Register any further secret the mode learns (masked at once, redacted from every output). */
  readonly secrets: SecretRegistry
  /** Injectable time, so tests need not wait. */
  readonly sleep: (ms: number) => Promise<void>
  readonly now: () => number
  /**
   * Runs a change, or in dry-run records it and returns undefined without running it.
   * `description` says what would be called, e.g. describeCall(command) or describeSql(...).
   */
  act<T>(description: string, fn: () => Promise<T>): Promise<T | undefined>
  /**
   * When every wait must have ended: the time-limit input less REPORT_RESERVE_MS, so the
   * action writes its own report before GitHub cancels the job (Infinity without time-limit).
   */
  readonly deadline: number
  /** `ms`, or less when the deadline comes first (never negative). */
  timeLeft(ms: number): number
  /** poll() with this context's sleep and clock, logging its progress at the progress-interval, ending by the deadline. */
  poll<T>(options: Omit<PollOptions<T>, 'sleep' | 'now'>): Promise<T>
  /** The progress of a wait that is not a poll() (the switchover, the probe tail, the marker row): see progress.ts. */
  progress(what: string, timeoutMs?: number): WaitProgress
}

export interface ModeContextDeps {
  aws: AwsClients
  db: DbConnector
  log: Logger
  secrets: SecretRegistry
  sleep?: (ms: number) => Promise<void>
  now?: () => number
}

/** What a run needs after its waits: reading the outcome, the checks after it, publishing, and the job's steps before the action. */
export const REPORT_RESERVE_MS = 5 * 60_000

export function createModeContext<M extends Mode>(inputs: InputsFor<M>, deps: ModeContextDeps): ModeContext<M> {
  const now = deps.now ?? Date.now
  const sleep = deps.sleep ?? realSleep
  const dryRun = inputs.dryRun
  const deadline = inputs.timeLimitMs !== undefined ? now() + inputs.timeLimitMs - REPORT_RESERVE_MS : Number.POSITIVE_INFINITY
  const timeLeft = (ms: number) => Math.max(0, Math.min(ms, deadline - now()))
  const report = new ReportBuilder(inputs.mode as M, inputs.source.identifier, dryRun, now)
  return {
    mode: inputs.mode as M,
    inputs,
    dryRun,
    aws: deps.aws,
    get rds() {
      return deps.aws.rds
    },
    db: deps.db,
    log: deps.log,
    report,
    secrets: deps.secrets,
    sleep,
    now,
    async act<T>(description: string, fn: () => Promise<T>): Promise<T | undefined> {
      const text = deps.secrets.redact(description)
      if (dryRun) {
        deps.log.info(`dry-run: would run ${text}`)
        report.action({ at: now(), description: text, outcome: 'skipped' })
        return undefined
      }
      deps.log.info(`running ${text}`)
      try {
        const result = await fn()
        report.action({ at: now(), description: text, outcome: 'done' })
        return result
      } catch (error) {
        report.action({ at: now(), description: text, outcome: 'failed' })
        throw error
      }
    },
    deadline,
    timeLeft,
    poll: (options) => {
      const timeoutMs = timeLeft(options.timeoutMs)
      return poll({
        ...options,
        timeoutMs,
        sleep,
        now,
        progress: options.progress ?? new WaitProgress({ what: options.what, everyMs: inputs.progressIntervalMs, now, log: deps.log.info, timeoutMs }),
      })
    },
    progress: (what, timeoutMs) => new WaitProgress({ what, everyMs: inputs.progressIntervalMs, now, log: deps.log.info, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }),
  }
}

/**
 * `RebootDBInstance {"DBInstanceIdentifier":"db1"}` for an SDK command, for act():
 *   await ctx.act(describeCall(cmd), () => ctx.rds.send(cmd))
 */
export function describeCall(command: { input: unknown }): string {
  const name = (command.constructor?.name ?? 'AwsCall').replace(/Command$/, '')
  return `${name} ${JSON.stringify(command.input)}`
}
