// The switchover gate (fastReadinessChecks) on the sandbox, as the switchover mode calls it:
// a deployment still provisioning (tasks pending), green in storage-optimization, a ready
// green, no database credentials (API-level checks only), and a broken IO thread seen both
// from green itself and, without credentials, from RDS's StatusInfos and events. Also verify
// with no deployment at all, and with database credentials that do not log in.
import type { RDSClient } from '@aws-sdk/client-rds'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { fastReadinessChecks } from '../../src/checks/green/index.js'
import { runMode } from '../../src/modes/registry.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { codes, createDeployment, describeDeployment, useSandboxEndpoint, verifyContext, waitFor, type VerifyHarness } from '../helpers/sandbox-modes.js'

describe('fastReadinessChecks (the switchover gate)', () => {
  let sandbox: Sandbox
  let restore: () => void
  let harness: VerifyHarness
  let rds: RDSClient
  let id: string
  let green: string

  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'shop' }, timings: { taskMs: 50, replicationPollMs: 100 } })
    restore = useSandboxEndpoint(sandbox)
    harness = verifyContext(sandbox)
    rds = harness.ctx.rds
  })
  afterAll(async () => {
    harness?.close()
    restore?.()
    await sandbox?.stop()
  })

  it('verify before any deployment exists: DEPLOYMENT_NOT_FOUND, not ready', async () => {
    const report = await runMode(harness.ctx)
    expect(codes(report.findings)).toEqual(['DEPLOYMENT_NOT_FOUND'])
    expect(report.findings[0]?.remedy).toContain('mode: create')
    expect(report.verdict).toEqual({ ok: false, headline: 'verify: DEPLOYMENT_NOT_FOUND: No Blue/Green Deployment belongs to shop: there is no green to work on.' })
    // verify itself never ran: no readiness claimed either way.
    expect(report.outputs.ready).toBeUndefined()
  })

  it('while provisioning: not ready, naming the tasks still pending; no database check is attempted', async () => {
    sandbox.faults.slowProvisioningMs = 1600
    sandbox.faults.storageOptimizationMs = 60_000
    const created = await createDeployment(sandbox, rds, 'shop', { wait: false })
    id = created.id
    green = created.green
    const result = await fastReadinessChecks(harness.ctx, await describeDeployment(rds, id), { maxReplicaLagMs: 5000 })
    expect(result.ready).toBe(false)
    expect(codes(result.findings)).toEqual(['DEPLOYMENT_NOT_AVAILABLE'])
    expect(result.findings[0]?.message).toMatch(/is PROVISIONING, not AVAILABLE.* Still pending: CREATING_READ_REPLICA_OF_SOURCE \((IN_PROGRESS|PENDING)\).*CREATING_TOPOLOGY_OF_SOURCE \(PENDING\)/)
    expect(result.notChecked).toEqual([expect.stringContaining('the deployment is PROVISIONING')])
    expect(result.replica).toBeUndefined()
  })

  it('green in storage-optimization after creation: not ready, the member named', async () => {
    const deployment = await waitFor(() => describeDeployment(rds, id), (d) => d.Status === 'AVAILABLE')
    const result = await fastReadinessChecks(harness.ctx, deployment, { maxReplicaLagMs: 5000 })
    expect(result.ready).toBe(false)
    expect(codes(result.findings)).toEqual(['GREEN_MEMBER_NOT_AVAILABLE'])
    expect(result.findings[0]).toMatchObject({ subject: green, message: expect.stringContaining('storage-optimization') })
    // The database checks still ran: green replicates.
    expect(result.replica).toMatchObject({ ioRunning: 'Yes', sqlRunning: 'Yes' })
    expect(result.events.map((e) => e.message)).toEqual(expect.arrayContaining(['Blue/green deployment creation started.', 'DB instance created']))
  })

  it('ready once green is available: replication running, lag figure, no finding', async () => {
    sandbox.instance(green).storageOptimizationUntil = Date.now() - 1
    const deployment = await describeDeployment(rds, id)
    const result = await fastReadinessChecks(harness.ctx, deployment, { maxReplicaLagMs: 5000 })
    expect(result.findings).toEqual([])
    expect(result.ready).toBe(true)
    expect(result.metrics).toEqual([expect.objectContaining({ name: 'seconds-behind-source', unit: 's', value: 0 })])
    expect(result.green?.endpoint?.port).toBe(sandbox.instance(green).proxy.port)
  })

  it('a measured lag above max-replica-lag blocks', async () => {
    const result = await fastReadinessChecks(harness.ctx, await describeDeployment(rds, id), { maxReplicaLagMs: 100, measuredLagMs: 250 })
    expect(codes(result.findings)).toEqual(['REPLICATION_LAG_HIGH'])
    expect(result.findings[0]?.message).toContain('took 250 ms')
  })

  it('verify with a wrong password: blue and green unreachable, named with their endpoints; the API checks still ran', async () => {
    const wrong = verifyContext(sandbox, { 'db-password': 'not-the-password' })
    try {
      const report = await runMode(wrong.ctx)
      expect(report.findings.map((f) => `${f.code} ${f.subject}`).sort()).toEqual(['DB_UNREACHABLE shop', `DB_UNREACHABLE ${green}`])
      const blueEndpoint = sandbox.instance('shop').proxy
      expect(report.findings.find((f) => f.subject === 'shop')?.message).toContain(`Could not connect to blue at ${blueEndpoint.host}:${blueEndpoint.port} (the endpoint RDS reports): 1045 Access denied`)
      expect(report.outputs).toMatchObject({ ready: 'false', status: 'AVAILABLE' })
      expect(renderMarkdown(report)).toMatch(/\| ➖ \| Not checked \| .*replication threads and errors/)
    } finally {
      wrong.close()
    }
  })

  it('without database credentials: API-level checks only, and a blocking finding saying what was not checked', async () => {
    const noCreds = verifyContext(sandbox, { 'db-user': '' })
    try {
      const result = await fastReadinessChecks(noCreds.ctx, await describeDeployment(rds, id), { maxReplicaLagMs: 5000, alsoNotChecked: ['the marker row'] })
      expect(codes(result.findings)).toEqual(['DB_CREDENTIALS_MISSING'])
      expect(result.findings[0]?.message).toContain("green's replication threads and errors; replication lag; the marker row")
    } finally {
      noCreds.close()
    }
  })

  it('a broken IO thread: the error from green itself, or from RDS without credentials', async () => {
    await sandbox.breakReplication(green, 'io')
    await waitFor(() => sandbox.server(green).query<Record<string, unknown>>('SHOW REPLICA STATUS'), (r) => Number(r[0]?.Last_IO_Errno) === 1045)
    const deployment = await describeDeployment(rds, id)
    const result = await fastReadinessChecks(harness.ctx, deployment, { maxReplicaLagMs: 5000 })
    expect(codes(result.findings)).toEqual(['REPLICATION_IO_STOPPED'])
    expect(result.findings[0]?.message).toMatch(/IO thread .* is (Connecting|No) with error 1045: /)

    await waitFor(async () => (await describeDeployment(rds, id)) && sandbox.instance(green).statusInfo, (s) => s?.Status === 'error')
    const apiOnly = await fastReadinessChecks({ rds, db: { ...harness.ctx.db, configured: false } }, deployment, { maxReplicaLagMs: 5000 })
    expect(codes(apiOnly.findings)).toEqual(['DB_CREDENTIALS_MISSING', 'REPLICATION_ERROR_REPORTED'])
    expect(apiOnly.findings[1]?.message).toMatch(/RDS reports green's read replication as error .*IOError 1045/)
    expect(apiOnly.findings[1]?.remedy).toMatch(/^Run verify with database credentials/)

    // With credentials but a deployment still provisioning (the same deployment and green as
    // RDS reports them, its status as while it was being created: the sandbox cannot hold a
    // deployment in PROVISIONING with a broken green), the remedy must not ask for the
    // credentials that were given.
    const provisioning = await fastReadinessChecks(harness.ctx, { ...deployment, Status: 'PROVISIONING' }, { maxReplicaLagMs: 5000 })
    const reported = provisioning.findings.find((f) => f.code === 'REPLICATION_ERROR_REPORTED')
    expect(reported?.remedy).toMatch(/^Wait until the deployment is AVAILABLE \(it is PROVISIONING; mode: create waits for it\) and run verify again/)
    expect(reported?.remedy).not.toMatch(/credentials/)
  })
})
