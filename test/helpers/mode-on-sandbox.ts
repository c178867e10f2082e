// Runs a mode in this process against a sandbox, wired exactly as src/main.ts wires it
// (parsed inputs, AWS clients with retries, the DB connector with TLS verified against the
// sandbox's CA), without the publishing around it. The RDS endpoint reaches the SDK the
// standard way, through AWS_ENDPOINT_URL_RDS. Returns the Report and the log lines.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Sandbox } from '../../sandbox/index.js'
import { createAwsClients } from '../../src/aws/clients.js'
import { createDbConnector } from '../../src/db/connector.js'
import { dbLoginSource } from '../../src/db/credentials.js'
import { parseInputs, readerFromObject, type InputName } from '../../src/inputs/index.js'
import type { Logger } from '../../src/log.js'
import { createModeContext } from '../../src/modes/context.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/types.js'
import { SecretRegistry } from '../../src/secrets/registry.js'

export interface ModeRun {
  report: Report
  log: string[]
  /** The job summary as the action would write it. */
  summary: string
  durationMs: number
}

/** The inputs every run against the sandbox needs: region and database credentials (omit with `db: false`). */
export function sandboxInputs(sandbox: Sandbox, options: { db?: boolean } = {}): Partial<Record<InputName, string>> {
  return {
    'aws-region': sandbox.env.AWS_REGION ?? 'us-east-1',
    ...(options.db === false
      ? {}
      : { 'db-user': sandbox.env.SANDBOX_DB_USER ?? '', 'db-password': sandbox.env.SANDBOX_DB_PASSWORD ?? '', 'db-ca-bundle': sandbox.env.SANDBOX_DB_CA ?? '' }),
  }
}

export async function runModeOnSandbox(
  sandbox: Sandbox,
  inputs: Partial<Record<InputName, string>>,
  options: { db?: boolean } = {},
): Promise<ModeRun> {
  process.env.AWS_ENDPOINT_URL_RDS = sandbox.env.AWS_ENDPOINT_URL_RDS
  const runnerTemp = mkdtempSync(join(tmpdir(), 'rds-bg-mode-'))
  const parsed = parseInputs(readerFromObject({ ...sandboxInputs(sandbox, options), ...inputs }), { RUNNER_TEMP: runnerTemp })
  const log: string[] = []
  const logger: Logger = {
    info: (m) => log.push(m),
    warning: (m) => log.push(`warning: ${m}`),
    notice: (m) => log.push(`notice: ${m}`),
    debug: () => undefined,
    group: (name, fn) => {
      log.push(`group: ${name}`)
      return fn()
    },
  }
  const secrets = new SecretRegistry(() => undefined)
  const aws = createAwsClients({
    region: parsed.aws.region,
    maxAttempts: parsed.aws.retryMaxAttempts,
    credentials: async () => ({ accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY ?? '' }),
  })
  const started = Date.now()
  try {
    const db = createDbConnector(parsed.db, dbLoginSource(parsed.db.auth, { aws, secrets }))
    const ctx = createModeContext(parsed, { aws, db, log: logger, secrets })
    const report = await runMode(ctx)
    return { report, log, summary: renderMarkdown(report), durationMs: Date.now() - started }
  } finally {
    aws.destroy()
    rmSync(runnerTemp, { recursive: true, force: true })
  }
}

/** RDS actions that change something (for "no change was made" assertions with the sandbox's onCall). */
export const MUTATING = /^(Create|Modify|Reboot|Delete|Switchover|Add|Remove|Promote|Start|Stop|Reset|Copy|Restore)/

/** Records every RDS call the sandbox answers; pass `calls.record` as Sandbox.start's onCall. */
export class CallLog {
  readonly calls: { action: string; code: string | undefined }[] = []
  readonly record = (action: string, code: string | undefined): void => {
    this.calls.push({ action, code })
  }
  mark(): number {
    return this.calls.length
  }
  since(mark: number): { action: string; code: string | undefined }[] {
    return this.calls.slice(mark)
  }
  mutatingSince(mark: number): string[] {
    return this.since(mark).filter((c) => MUTATING.test(c.action) && c.code === undefined).map((c) => c.action)
  }
}

/** What "nothing changed" compares: every instance, cluster, parameter group (with its values) and deployment of the sandbox's RDS model. */
export function rdsSnapshot(sandbox: Sandbox): unknown {
  const s = sandbox.state
  const groups = (m: Map<string, { name: string; family: string; description: string; values: Map<string, string>; tags: unknown[] }>) =>
    [...m.values()].map((g) => ({ name: g.name, family: g.family, description: g.description, values: [...g.values.entries()].sort(), tags: g.tags }))
  return {
    instances: [...s.instances.values()].map((i) => ({
      id: i.id, status: i.status, parameterGroup: i.parameterGroup, applyStatus: i.parameterApplyStatus,
      clusterGroupStatus: i.clusterParameterGroupStatus, backupRetention: i.backupRetention, pendingBackupRetention: i.pendingBackupRetention,
      serverId: i.serverId, settings: i.server.settings,
    })),
    clusters: [...s.clusters.values()].map((c) => ({ id: c.id, status: c.status, parameterGroup: c.parameterGroup })),
    parameterGroups: groups(s.parameterGroups),
    clusterParameterGroups: groups(s.clusterParameterGroups),
    deployments: [...s.deployments.keys()],
  }
}
