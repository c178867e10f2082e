// Running the action's modes in this process against a sandbox, wired exactly as
// src/main.ts wires them (inputs through the real parser, the AWS clients with the parsed
// retry settings and the sandbox's keys, the MySQL connector with TLS verified against the
// sandbox's CA), without the publishing around them; and the situations the integration
// tests set up through the SDK: a deployment created or switched over, green made writable
// as seed 003 did, an application writing through the production endpoint, and what
// "nothing changed" compares. The RDS endpoint reaches the SDK the standard way, through
// AWS_ENDPOINT_URL_RDS.
import {
  type BlueGreenDeployment,
  CreateBlueGreenDeploymentCommand,
  CreateDBParameterGroupCommand,
  DescribeBlueGreenDeploymentsCommand,
  DescribeDBInstancesCommand,
  ModifyDBInstanceCommand,
  ModifyDBParameterGroupCommand,
  RebootDBInstanceCommand,
  type RDSClient,
  SwitchoverBlueGreenDeploymentCommand,
} from '@aws-sdk/client-rds'
import { readFileSync } from 'node:fs'
import mysql, { type Connection } from 'mysql2/promise'
import type { Sandbox } from '../../sandbox/index.js'
import { createAwsClients } from '../../src/aws/clients.js'
import { createDbConnector } from '../../src/db/connector.js'
import { dbLoginSource } from '../../src/db/credentials.js'
import { type InputName, parseInputs, readerFromObject } from '../../src/inputs/index.js'
import type { InputsFor } from '../../src/inputs/types.js'
import { memoryLogger } from '../../src/log.js'
import { createModeContext, type ModeContext } from '../../src/modes/context.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import type { Report } from '../../src/report/types.js'
import type { Mode } from '../../src/mode.js'
import { SecretRegistry } from '../../src/secrets/registry.js'
import { waitFor } from '../sandbox/helpers.js'

export { waitFor }

/**
 * Points the AWS SDK at the sandbox for this test file (the SDK reads AWS_ENDPOINT_URL_RDS,
 * as the action does on a runner); returns the function that restores the environment.
 */
export function useSandboxEndpoint(sandbox: Sandbox): () => void {
  const before = process.env.AWS_ENDPOINT_URL_RDS
  process.env.AWS_ENDPOINT_URL_RDS = sandbox.env.AWS_ENDPOINT_URL_RDS
  return () => {
    if (before === undefined) delete process.env.AWS_ENDPOINT_URL_RDS
    else process.env.AWS_ENDPOINT_URL_RDS = before
  }
}

export interface ModeHarness<M extends Mode> {
  ctx: ModeContext<M>
  /** Every line the mode logged (groups as `group: <name>`). */
  log: string[]
  close(): void
}

/**
 * A context for `mode` on the sandbox; `inputs` as in a workflow's `with:`. Credentials: the
 * master user, unless `db-user: ''` (then no database credentials at all).
 */
export function modeContext<M extends Mode>(sandbox: Sandbox, mode: M, inputs: Partial<Record<InputName, string>> = {}): ModeHarness<M> {
  const values: Partial<Record<InputName, string>> = {
    mode,
    source: sandbox.env.SANDBOX_INSTANCE ?? sandbox.env.SANDBOX_CLUSTER ?? '',
    ...sandboxInputs(sandbox),
    'wait-timeout': '60s',
    ...inputs,
  }
  if (values['db-user'] === '') {
    values['db-password'] = ''
    values['db-ca-bundle'] = ''
  }
  const parsed = parseInputs(readerFromObject(values), { RUNNER_TEMP: sandbox.dir })
  if (parsed.mode !== mode) throw new Error(`parsed ${parsed.mode}, expected ${mode}`)
  const log: string[] = []
  const logger = memoryLogger(log)
  const secrets = new SecretRegistry(() => undefined)
  const aws = createAwsClients({
    region: parsed.aws.region,
    maxAttempts: parsed.aws.retryMaxAttempts,
    credentials: async () => ({ accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY ?? '' }),
  })
  const db = createDbConnector(parsed.db, dbLoginSource(parsed.db.auth, { aws, secrets }))
  const ctx = createModeContext(parsed as InputsFor<M>, { aws, db, log: logger, secrets })
  return { ctx, log, close: () => aws.destroy() }
}

export type VerifyHarness = ModeHarness<'verify'>

/** A verify context with a short sync-timeout (tests make lag happen on purpose). */
export function verifyContext(sandbox: Sandbox, inputs: Partial<Record<InputName, string>> = {}): VerifyHarness {
  return modeContext(sandbox, 'verify', { 'sync-timeout': '5s', ...inputs })
}

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

/**
 * What a runner step gets to reach the sandbox through the standard variables only: the RDS
 * endpoint, the Region and the sandbox's root keys (for dist/index.js via runAction's `env`).
 */
export function runnerEnv(sandbox: Sandbox): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_RDS: sandbox.env.AWS_ENDPOINT_URL_RDS ?? '',
    AWS_REGION: sandbox.env.AWS_REGION ?? '',
    AWS_ACCESS_KEY_ID: sandbox.env.AWS_ACCESS_KEY_ID ?? '',
    AWS_SECRET_ACCESS_KEY: sandbox.env.AWS_SECRET_ACCESS_KEY ?? '',
  }
}

/** Runs the mode named in `inputs` to its Report, as main.ts would (without publishing). */
export async function runModeOnSandbox(
  sandbox: Sandbox,
  inputs: Partial<Record<InputName, string>>,
  options: { db?: boolean } = {},
): Promise<ModeRun> {
  if (!inputs.mode) throw new Error('runModeOnSandbox: inputs.mode is required')
  process.env.AWS_ENDPOINT_URL_RDS = sandbox.env.AWS_ENDPOINT_URL_RDS
  const harness = modeContext(sandbox, inputs.mode as Mode, { ...(options.db === false ? { 'db-user': '' } : {}), ...inputs })
  const started = Date.now()
  try {
    const report = await runMode(harness.ctx)
    return { report, log: harness.log, summary: renderMarkdown(report), durationMs: Date.now() - started }
  } finally {
    harness.close()
  }
}

export async function describeDeployment(rds: RDSClient, id: string): Promise<BlueGreenDeployment> {
  const out = await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))
  const d = out.BlueGreenDeployments?.[0]
  if (!d) throw new Error(`no deployment ${id}`)
  return d
}

/**
 * Creates a deployment for `source` (an instance, or a cluster with kind 'cluster') and waits
 * until AVAILABLE unless `wait` is false. `green` is the green instance or cluster id.
 */
export async function createDeployment(
  sandbox: Sandbox,
  rds: RDSClient,
  source: string,
  options: { name?: string; kind?: 'db' | 'cluster'; wait?: boolean } = {},
): Promise<{ id: string; green: string; deployment: BlueGreenDeployment }> {
  const created = await rds.send(
    new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: options.name ?? `${source}-bg`, Source: sandbox.state.arn(options.kind ?? 'db', source) }),
  )
  const id = created.BlueGreenDeployment?.BlueGreenDeploymentIdentifier ?? ''
  const deployment =
    options.wait === false ? created.BlueGreenDeployment! : await waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'AVAILABLE')
  const green = (deployment.Target ?? deployment.SwitchoverDetails?.[0]?.TargetMember)?.split(':').pop() ?? ''
  return { id, green, deployment }
}

/** Switches over through the SDK (not the mode) and waits for SWITCHOVER_COMPLETED. */
export async function switchOver(rds: RDSClient, id: string): Promise<BlueGreenDeployment> {
  await rds.send(new SwitchoverBlueGreenDeploymentCommand({ BlueGreenDeploymentIdentifier: id, SwitchoverTimeout: 60 }))
  return waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'SWITCHOVER_COMPLETED' || d.Status === 'SWITCHOVER_FAILED')
}

export function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code)
}

/** Seed 003: a parameter group with read_only=0 attached to green, pending-reboot until green is rebooted. */
export async function makeGreenWritable(rds: RDSClient, green: string, group = 'green-writable'): Promise<void> {
  await rds.send(new CreateDBParameterGroupCommand({ DBParameterGroupName: group, DBParameterGroupFamily: 'mysql8.0', Description: 'read_only off' }))
  await rds.send(new ModifyDBParameterGroupCommand({ DBParameterGroupName: group, Parameters: [{ ParameterName: 'read_only', ParameterValue: '0', ApplyMethod: 'immediate' }] }))
  await rds.send(new ModifyDBInstanceCommand({ DBInstanceIdentifier: green, DBParameterGroupName: group, ApplyImmediately: true }))
  await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: green }))
  await waitFor(
    async () => (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: green }))).DBInstances![0]!,
    (i) => i.DBInstanceStatus === 'available' && i.DBParameterGroups![0]!.ParameterApplyStatus === 'in-sync',
  )
}

/** Waits until green's replica status (as root) satisfies `done`. */
export async function waitForReplica(sandbox: Sandbox, green: string, done: (row: Record<string, unknown>) => boolean, ms = 10_000): Promise<Record<string, unknown>> {
  const [row] = await waitFor(() => sandbox.server(green).query<Record<string, unknown>>('SHOW REPLICA STATUS'), (rows) => rows[0] !== undefined && done(rows[0]), ms)
  return row!
}

/** Runs `sql` through the endpoint as the master user and closes the connection. */
export async function runSql(sandbox: Sandbox, instance: string, sql: string, values: unknown[] = []): Promise<unknown> {
  const conn: Connection = await sandbox.connect({ instance })
  try {
    const [result] = await conn.query(sql, values)
    return result
  } finally {
    await conn.end()
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

export interface WriteLoad {
  /** Stops writing; resolves with the sequence numbers the server acknowledged and the failures seen. */
  stop(): Promise<{ acknowledged: number[]; failures: number }>
}

/**
 * An application writing through the production endpoint while the mode runs: one
 * connection (TLS verified against the sandbox CA, the master user, no SUPER), an INSERT
 * every `periodMs`, reconnecting after any error, as a pooled application would.
 */
export function startWriteLoad(sandbox: Sandbox, port: number, table: string, periodMs = 20): WriteLoad {
  const acknowledged: number[] = []
  let failures = 0
  let stopped = false
  let seq = 0
  const loop = (async () => {
    let conn: Connection | undefined
    while (!stopped) {
      const tick = Date.now()
      const n = ++seq
      try {
        conn ??= await mysql.createConnection({
          host: '127.0.0.1',
          port,
          user: sandbox.env.SANDBOX_DB_USER,
          password: sandbox.env.SANDBOX_DB_PASSWORD,
          ssl: { ca: readFileSync(sandbox.env.SANDBOX_DB_CA!), rejectUnauthorized: true },
          connectTimeout: 500,
        })
        await conn.query({ sql: `INSERT INTO ${table} (seq) VALUES (?)`, timeout: 500 }, [n])
        acknowledged.push(n)
      } catch {
        failures++
        conn?.destroy()
        conn = undefined
      }
      await new Promise((r) => setTimeout(r, Math.max(0, tick + periodMs - Date.now())))
    }
    await conn?.end().catch(() => undefined)
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return { acknowledged, failures }
    },
  }
}
