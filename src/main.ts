// parse inputs -> authenticate -> run the mode -> publish the report -> outputs.
// A bad input fails the step with one line before any AWS or MySQL call.
import * as core from '@actions/core'
import { createAwsClients, resolveAwsCredentials, type AwsClients } from './aws/index.js'
import { createDbConnector } from './db/connector.js'
import { finding } from './findings/finding.js'
import { dbLoginSource } from './db/credentials.js'
import { tlsFinding } from './db/tls.js'
import { parseInputs, parseMode, readerFromEnv, type Inputs } from './inputs/index.js'
import { actionsLogger, type Logger } from './log.js'
import { createModeContext, type ModeContext } from './modes/context.js'
import { runMode } from './modes/registry.js'
import { concludeRun } from './report/conclude.js'
import { defaultPublishDeps } from './report/publish.js'
import type { Report } from './report/types.js'
import { SecretRegistry } from './secrets/registry.js'
import { VERSION } from './version.js'
import { errorLine } from './error-line.js'

export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const secrets = new SecretRegistry(core.setSecret)
  const log = actionsLogger(secrets)
  let aws: AwsClients | undefined
  try {
    const read = readerFromEnv(env)
    const mode = parseMode(read)
    log.info(`rds-blue-green ${VERSION}: mode ${mode}`)
    const inputs = parseInputs(read, env)
    if (inputs.db.auth.kind === 'password') secrets.add(inputs.db.auth.password)
    secrets.add(inputs.github.token)
    log.info(describeRun(inputs))

    log.phase('Credentials')
    const credentials = await resolveAwsCredentials(inputs.aws, {
      getIDToken: (audience) => core.getIDToken(audience),
      setSecret: (value) => secrets.add(value),
      info: log.info,
    })
    aws = createAwsClients({
      region: inputs.aws.region,
      maxAttempts: inputs.aws.retryMaxAttempts,
      ...(credentials.provider ? { credentials: credentials.provider } : {}),
    })
    const db = createDbConnector(inputs.db, dbLoginSource(inputs.db.auth, { aws, secrets }))
    const ctx = createModeContext(inputs, { aws, db, log, secrets })
    const tls = db.configured ? tlsFinding(inputs.db.tls) : undefined
    if (tls) {
      // Said now; the finding becomes a warning annotation with the others at the end.
      log.info(tls.message)
      ctx.report.finding(tls)
    }

    const { report, crash } = await runModeCatching(ctx, log)
    const failure = crash !== undefined ? errorLine(crash) : stepFailure(report, inputs)
    await concludeRun(report, inputs, failure, { log, secrets, publish: defaultPublishDeps(secrets, log) })
  } catch (error) {
    core.setFailed(secrets.redact(errorLine(error)))
  } finally {
    aws?.destroy()
  }
}

/** Runs the mode; an unexpected error still yields a report (with RUN_FAILED) to publish. */
async function runModeCatching(ctx: ModeContext, log: Logger): Promise<{ report: Report; crash?: unknown }> {
  try {
    return { report: await runMode(ctx) }
  } catch (error) {
    log.debug(error instanceof Error && error.stack ? error.stack : String(error))
    ctx.report.finding(finding({ code: 'RUN_FAILED', subject: ctx.inputs.source.identifier, message: errorLine(error) }))
    ctx.report.verdict(false, `${ctx.mode} failed: ${errorLine(error)}`)
    return { report: ctx.report.build(), crash: error }
  }
}

/** Why the step fails, per fail-on; undefined when it passes. */
export function stepFailure(report: Report, inputs: Pick<Inputs, 'failOn'>): string | undefined {
  if (inputs.failOn === 'never') return undefined
  if (!report.verdict.ok) return report.verdict.headline
  if (inputs.failOn === 'warning') {
    const warnings = report.findings.filter((f) => f.level === 'warning')
    if (warnings.length > 0) return `${report.mode}: ${warnings.length} warning(s) with fail-on: warning (${warnings.map((w) => w.code).join(', ')})`
  }
  return undefined
}

function describeRun(inputs: Inputs): string {
  const kind = inputs.source.kind ? ` (${inputs.source.kind})` : ''
  const auth = inputs.aws.roleToAssume ? `role ${inputs.aws.roleToAssume} via GitHub OIDC` : 'the default AWS credential chain'
  return `source ${inputs.source.identifier}${kind} in ${inputs.aws.region}, credentials from ${auth}${inputs.dryRun ? ', dry run: no changes will be made' : ''}`
}

