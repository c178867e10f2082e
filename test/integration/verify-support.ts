// Shared by the verify-*.test.ts files: a verify ModeContext wired to a sandbox exactly as
// main.ts wires it (inputs parsed by the real parser, the AWS clients, the MySQL connector
// with TLS verified against the sandbox's CA), plus helpers to create a deployment and to
// make green writable the way seed 003 did (a parameter group with read_only=0, a reboot).
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
} from '@aws-sdk/client-rds'
import type { Connection } from 'mysql2/promise'
import type { Sandbox } from '../../sandbox/index.js'
import { createAwsClients } from '../../src/aws/clients.js'
import { createDbConnector } from '../../src/db/connector.js'
import { dbLoginSource } from '../../src/db/credentials.js'
import { parseInputs, readerFromObject, type InputName } from '../../src/inputs/index.js'
import type { Logger } from '../../src/log.js'
import { createModeContext, type ModeContext } from '../../src/modes/context.js'
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

export interface VerifyHarness {
  ctx: ModeContext<'verify'>
  log: string[]
  close(): void
}

/** A verify context on the sandbox; `inputs` as in a workflow's `with:`. Credentials: the master user unless `db-user: ''`. */
export function verifyContext(sandbox: Sandbox, inputs: Partial<Record<InputName, string>> = {}): VerifyHarness {
  const values: Partial<Record<InputName, string>> = {
    mode: 'verify',
    source: sandbox.env.SANDBOX_INSTANCE ?? sandbox.env.SANDBOX_CLUSTER ?? '',
    'aws-region': sandbox.env.AWS_REGION ?? 'us-east-1',
    'db-user': sandbox.env.SANDBOX_DB_USER ?? '',
    'db-password': sandbox.env.SANDBOX_DB_PASSWORD ?? '',
    'db-ca-bundle': sandbox.env.SANDBOX_DB_CA ?? '',
    'sync-timeout': '5s',
    ...inputs,
  }
  if (values['db-user'] === '') values['db-password'] = ''
  const parsed = parseInputs(readerFromObject(values), {})
  if (parsed.mode !== 'verify') throw new Error('not verify')
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
  const ctx = createModeContext(parsed, { aws, db, log: logger, secrets })
  return { ctx, log, close: () => aws.destroy() }
}

export async function describeDeployment(rds: RDSClient, id: string): Promise<BlueGreenDeployment> {
  const out = await rds.send(new DescribeBlueGreenDeploymentsCommand({ BlueGreenDeploymentIdentifier: id }))
  const d = out.BlueGreenDeployments?.[0]
  if (!d) throw new Error(`no deployment ${id}`)
  return d
}

/** Creates a deployment for an instance source; waits until AVAILABLE unless `wait` is false. Returns it and green's id. */
export async function createDeployment(
  sandbox: Sandbox,
  rds: RDSClient,
  source: string,
  options: { name?: string; wait?: boolean } = {},
): Promise<{ id: string; green: string; deployment: BlueGreenDeployment }> {
  const created = await rds.send(
    new CreateBlueGreenDeploymentCommand({ BlueGreenDeploymentName: options.name ?? `${source}-bg`, Source: sandbox.state.arn('db', source) }),
  )
  const id = created.BlueGreenDeployment?.BlueGreenDeploymentIdentifier ?? ''
  const deployment = options.wait === false ? created.BlueGreenDeployment! : await waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'AVAILABLE')
  const green = deployment.SwitchoverDetails?.[0]?.TargetMember?.split(':').pop() ?? ''
  return { id, green, deployment }
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

export function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code)
}
