import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { InputError, INPUT_NAMES, parseInputs, readerFromObject, type InputName } from '../../../src/inputs/index.js'
import { BAD_INPUTS, FREE_FORM_INPUTS, VALID } from './bad-inputs.js'

const ENV = { RUNNER_TEMP: '/runner/temp' }

function parse(values: Record<string, string>, env: NodeJS.ProcessEnv = ENV) {
  return parseInputs(readerFromObject(values as Partial<Record<InputName, string>>), env)
}

function errorOf(values: Record<string, string>, env: NodeJS.ProcessEnv = ENV): InputError {
  try {
    parse(values, env)
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
  throw new Error(`no error for ${JSON.stringify(values)}`)
}

describe('bad inputs', () => {
  it.each(BAD_INPUTS.map((c) => [`${c.input}: ${JSON.stringify(c.value)}`, c] as const))('%s', (_, c) => {
    const error = errorOf({ ...VALID, ...c.with, [c.input]: c.value })
    const named = c.names ?? c.input
    expect(error.input).toBe(named)
    // One line: names the input, shows the value (or says it is empty), states the accepted form.
    expect(error.message).not.toMatch(/\n/)
    expect(error.message).toMatch(new RegExp(`^Input '${named}' is (empty|"[^\n]*"|set \\(value hidden\\)): expected`))
    if (named === c.input && c.value !== '') expect(error.message).toContain(JSON.stringify(c.value.length > 80 ? `${c.value.slice(0, 80)}...` : c.value))
    expect(error.message).toMatch(c.expect)
  })

  it('covers every input that takes a constrained value', () => {
    const covered = new Set(BAD_INPUTS.map((c) => c.input))
    const missing = INPUT_NAMES.filter((n) => !covered.has(n) && !FREE_FORM_INPUTS.includes(n))
    expect(missing).toEqual([])
  })

  it('gives the exact message of the brief for a too short switchover-timeout', () => {
    expect(errorOf({ ...VALID, 'switchover-timeout': '20s' }).message).toBe(
      `Input 'switchover-timeout' is "20s": expected a duration between 30s and 3600s, in whole seconds, e.g. 300 or 5m`,
    )
  })

  it('never echoes a secret input', () => {
    const error = new InputError('db-password', 'hunter2-secret', 'expected something')
    expect(error.message).toBe("Input 'db-password' is set (value hidden): expected something")
  })

  it('validates a later stage\'s settings in every mode (a typo fails the first stage)', () => {
    expect(errorOf({ ...VALID, mode: 'prepare', 'switchover-timeout': '10' }).input).toBe('switchover-timeout')
    expect(errorOf({ ...VALID, mode: 'create', 'probe-interval': '10ms' }).input).toBe('probe-interval')
  })

  it('needs a region from the input, a source ARN or the environment', () => {
    const values = { ...VALID, 'aws-region': '' }
    expect(errorOf(values).message).toBe(
      "Input 'aws-region' is empty: expected an AWS Region code, e.g. us-east-1 (or set AWS_REGION, or give source as an ARN)",
    )
    expect(parse(values, { AWS_REGION: 'eu-west-1' }).aws.region).toBe('eu-west-1')
    expect(errorOf(values, { AWS_REGION: 'Ireland' }).message).toBe(
      'Input \'aws-region\' is empty: expected an AWS Region code, e.g. us-east-1 (AWS_REGION is "Ireland", not a Region code)',
    )
    expect(parse(values, { AWS_DEFAULT_REGION: 'eu-north-1' }).aws.region).toBe('eu-north-1')
    expect(parse({ ...values, source: 'arn:aws:rds:ap-northeast-1:123456789012:db:orders' }, { AWS_REGION: 'eu-west-1' }).aws.region).toBe('ap-northeast-1')
  })
})

describe('good inputs', () => {
  it('applies the declared defaults', () => {
    const inputs = parse({ ...VALID, mode: 'switchover' })
    if (inputs.mode !== 'switchover') throw new Error('mode')
    expect(inputs).toMatchObject({
      switchoverTimeoutSeconds: 300,
      probeIntervalMs: 1000,
      probeTailMs: 30_000,
      maxReplicaLagMs: 5000,
      force: false,
      dryRun: false,
      failOn: 'error',
      waitTimeoutMs: 30 * 60_000,
      reportPath: '/runner/temp/rds-blue-green/orders-db-switchover.json',
      probeLogPath: '/runner/temp/rds-blue-green/orders-db-switchover-probes.ndjson',
      aws: { region: 'us-east-1', roleSessionName: 'rds-blue-green', roleDurationSeconds: 3600, audience: 'sts.amazonaws.com', retryMaxAttempts: 10 },
      db: { tls: 'verify', connectTimeoutMs: 10_000, heartbeatTable: { schema: 'rds_blue_green', table: 'heartbeat' } },
      github: { prComment: 'auto' },
    })
    expect(inputs.aws.roleToAssume).toBeUndefined()
  })

  it.each([
    ['300', 300],
    ['5m', 300],
    ['30s', 30],
    ['3600', 3600],
    ['1h', 3600],
    [' 90 s ', 90],
  ])('switchover-timeout %j is %d s', (value, seconds) => {
    const inputs = parse({ ...VALID, mode: 'switchover', 'switchover-timeout': value })
    expect(inputs.mode === 'switchover' && inputs.switchoverTimeoutSeconds).toBe(seconds)
  })

  it.each([
    ['100ms', 100],
    ['0.25', 250],
    ['1.5s', 1500],
    ['1m', 60_000],
  ])('probe-interval %j is %d ms', (value, ms) => {
    const inputs = parse({ ...VALID, mode: 'switchover', 'probe-interval': value })
    expect(inputs.mode === 'switchover' && inputs.probeIntervalMs).toBe(ms)
  })

  it('detects the source kind from an ARN and lowercases identifiers', () => {
    const cluster = parse({ ...VALID, 'aws-region': '', source: 'arn:aws:rds:eu-west-1:123456789012:cluster:Orders-Cluster' }).source
    expect(cluster).toEqual({
      input: 'arn:aws:rds:eu-west-1:123456789012:cluster:Orders-Cluster',
      identifier: 'orders-cluster',
      kind: 'cluster',
      arn: 'arn:aws:rds:eu-west-1:123456789012:cluster:Orders-Cluster',
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '123456789012',
    })
    expect(parse({ ...VALID, source: 'arn:aws:rds:us-east-1:123456789012:db:orders' }).source.kind).toBe('instance')
    expect(parse({ ...VALID, source: 'Orders-DB' }).source).toEqual({ input: 'Orders-DB', identifier: 'orders-db' })
  })

  it('tells a deployment identifier from a name', () => {
    expect(parse({ ...VALID, deployment: 'bgd-abc123xyz' }).deployment).toEqual({ by: 'id', id: 'bgd-abc123xyz' })
    expect(parse({ ...VALID, deployment: 'orders-db-bg' }).deployment).toEqual({ by: 'name', name: 'orders-db-bg' })
  })

  it('parses tags from commas and newlines', () => {
    const inputs = parse({ ...VALID, mode: 'create', tags: 'team=payments, change=CHG-1234\n cost-center = 42 \n\nempty=' })
    expect(inputs.mode === 'create' && inputs.tags).toEqual([
      { Key: 'team', Value: 'payments' },
      { Key: 'change', Value: 'CHG-1234' },
      { Key: 'cost-center', Value: '42' },
      { Key: 'empty', Value: '' },
    ])
  })

  it('accepts the three database credential sources', () => {
    expect(parse(VALID).db.auth).toEqual({ kind: 'password', user: 'admin', password: 'pw-for-tests' })
    expect(parse({ ...VALID, 'db-password': '', 'db-user': '', 'db-secret-arn': 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf' }).db.auth).toEqual({
      kind: 'secret',
      secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
    })
    expect(parse({ ...VALID, 'db-password': '', 'db-secret-arn': 'prod/db' }).db.auth).toEqual({ kind: 'secret', secretId: 'prod/db', user: 'admin' })
    expect(parse({ ...VALID, 'db-password': '', 'db-iam-auth': 'true' }).db.auth).toEqual({ kind: 'iam', user: 'admin' })
    expect(parse({ ...VALID, mode: 'create', 'db-user': '', 'db-password': '' }).db.auth).toEqual({ kind: 'none' })
  })

  it('accepts an existing CA bundle file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ca-'))
    const file = join(dir, 'ca.pem')
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\n')
    expect(parse({ ...VALID, 'db-ca-bundle': file }).db.caBundlePath).toBe(file)
    rmSync(dir, { recursive: true, force: true })
  })

  it('accepts booleans as @actions/core does (true/True/TRUE, false/False/FALSE)', () => {
    for (const t of ['true', 'True', 'TRUE']) expect(parse({ ...VALID, 'dry-run': t }).dryRun).toBe(true)
    for (const f of ['false', 'False', 'FALSE']) expect(parse({ ...VALID, 'dry-run': f }).dryRun).toBe(false)
  })

  it('gives each mode only its own settings', () => {
    const verify = parse(VALID)
    expect(Object.keys(verify).sort()).toEqual(
      ['aws', 'db', 'deployment', 'dryRun', 'failOn', 'github', 'maxReplicaLagMs', 'migrations', 'mode', 'progressIntervalMs', 'reportPath', 'source', 'syncTimeoutMs', 'timeLimitMs', 'waitTimeoutMs'].sort(),
    )
    const cleanup = parse({ ...VALID, mode: 'cleanup', 'delete-old': 'true', 'final-snapshot': 'false' })
    expect(cleanup).toMatchObject({ mode: 'cleanup', deleteOld: true, finalSnapshot: false, abandon: false, dropHeartbeatTable: false })
    const prepare = parse({ ...VALID, mode: 'prepare', 'binlog-format': 'mixed', apply: 'true', 'backup-retention-period': '7' })
    expect(prepare).toMatchObject({ mode: 'prepare', binlogFormat: 'MIXED', apply: true, allowReboot: false, backupRetentionPeriod: 7 })
  })
})
