// Shared by the switchover-*.test.ts and cleanup-*.test.ts files: a ModeContext wired to a
// sandbox exactly as main.ts wires it (inputs through the real parser, the AWS clients with
// the sandbox's keys, the MySQL connector with TLS verified against the sandbox's CA), and
// helpers to create a deployment and switch it over through the SDK.
import {
  type BlueGreenDeployment,
  CreateBlueGreenDeploymentCommand,
  DescribeBlueGreenDeploymentsCommand,
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
import type { Logger } from '../../src/log.js'
import { createModeContext, type ModeContext } from '../../src/modes/context.js'
import type { Mode } from '../../src/report/types.js'
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
  /** Every line the mode logged. */
  log: string[]
  close(): void
}

/** A context for `mode` on the sandbox; `inputs` as in a workflow's `with:`. Credentials: the master user. */
export function modeContext<M extends Mode>(sandbox: Sandbox, mode: M, inputs: Partial<Record<InputName, string>> = {}): ModeHarness<M> {
  const values: Partial<Record<InputName, string>> = {
    mode,
    source: sandbox.env.SANDBOX_INSTANCE ?? sandbox.env.SANDBOX_CLUSTER ?? '',
    'aws-region': sandbox.env.AWS_REGION ?? 'us-east-1',
    'db-user': sandbox.env.SANDBOX_DB_USER ?? '',
    'db-password': sandbox.env.SANDBOX_DB_PASSWORD ?? '',
    'db-ca-bundle': sandbox.env.SANDBOX_DB_CA ?? '',
    'wait-timeout': '60s',
    ...inputs,
  }
  const parsed = parseInputs(readerFromObject(values), { RUNNER_TEMP: sandbox.dir })
  if (parsed.mode !== mode) throw new Error(`parsed ${parsed.mode}, expected ${mode}`)
  const log: string[] = []
  const logger: Logger = {
    info: (m) => log.push(m),
    warning: (m) => log.push(`warning: ${m}`),
    notice: (m) => log.push(`notice: ${m}`),
    debug: () => undefined,
    group: (_name, fn) => fn(),
  }
  const secrets = new SecretRegistry(() => undefined)
  const aws = createAwsClients({
    region: parsed.aws.region,
    maxAttempts: 3,
    credentials: async () => ({ accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID ?? '', secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY ?? '' }),
  })
  const db = createDbConnector(parsed.db, dbLoginSource(parsed.db.auth, { aws, secrets }))
  const ctx = createModeContext(parsed as InputsFor<M>, { aws, db, log: logger, secrets })
  return { ctx, log, close: () => aws.destroy() }
}

export async function describeDeployment(rds: RDSClient, id: string): Promise<BlueGreenDeployment> {
  const out = await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))
  const d = out.BlueGreenDeployments?.[0]
  if (!d) throw new Error(`no deployment ${id}`)
  return d
}

/** Creates a deployment for `source` (an instance, or a cluster with kind 'cluster') and waits until AVAILABLE. */
export async function createDeployment(
  sandbox: Sandbox,
  rds: RDSClient,
  source: string,
  options: { name?: string; kind?: 'db' | 'cluster' } = {},
): Promise<{ id: string; green: string; deployment: BlueGreenDeployment }> {
  const created = await rds.send(
    new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: options.name ?? `${source}-bg`, Source: sandbox.state.arn(options.kind ?? 'db', source) }),
  )
  const id = created.BlueGreenDeployment?.BlueGreenDeploymentIdentifier ?? ''
  const deployment = await waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'AVAILABLE')
  const green = deployment.Target?.split(':').pop() ?? ''
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
