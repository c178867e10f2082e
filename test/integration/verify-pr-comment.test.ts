// verify end to end: the bundled dist/index.js run as the Actions runner runs it (INPUT_*,
// a pull_request event payload in GITHUB_EVENT_PATH, GITHUB_REPOSITORY, github-token)
// against the sandbox and its GitHub REST stand-in. The first run, while the deployment is
// still provisioning, fails the step and creates the sticky comment (❌, what is pending);
// the second, once green is in sync, passes and updates that same comment (✅, the lag),
// never adding a second one.
import type { RDSClient } from '@aws-sdk/client-rds'
import { readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import type { Report } from '../../src/report/types.js'
import { runAction, type ActionResult } from '../helpers/run-action.js'
import { createDeployment, describeDeployment, useSandboxEndpoint, verifyContext, waitFor, type VerifyHarness } from '../helpers/sandbox-modes.js'

const REPO = 'octo-org/octo-repo'
const PR = 42

describe('verify through dist/index.js: the sticky pull-request comment', () => {
  let sandbox: Sandbox
  let restore: () => void
  let harness: VerifyHarness
  let rds: RDSClient
  let deploymentId: string
  let commentId: number

  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders' },
      timings: { taskMs: 50, replicationPollMs: 100 },
      identity: { github: { repositories: { [REPO]: { pulls: [PR] } } } },
    })
    restore = useSandboxEndpoint(sandbox)
    harness = verifyContext(sandbox)
    rds = harness.ctx.rds
  })
  const temps: string[] = []
  afterAll(async () => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true })
    harness?.close()
    restore?.()
    await sandbox?.stop()
  })

  const comments = () => sandbox.identity.github.model.comments(sandbox.identity.github.model.repository('octo-org', 'octo-repo')!, PR)

  async function run(): Promise<ActionResult> {
    const env = sandbox.env
    const result = await runAction({
      inputs: {
        mode: 'verify',
        source: 'orders',
        'db-user': env.SANDBOX_DB_USER!,
        'db-password': env.SANDBOX_DB_PASSWORD!,
        'db-ca-bundle': env.SANDBOX_DB_CA!,
        'sync-timeout': '10s',
      },
      githubToken: env.GITHUB_TOKEN!,
      event: { name: 'pull_request', payload: { action: 'synchronize', number: PR, pull_request: { number: PR } } },
      env: {
        AWS_ENDPOINT_URL_RDS: env.AWS_ENDPOINT_URL_RDS!,
        AWS_REGION: env.AWS_REGION!,
        AWS_ACCESS_KEY_ID: env.AWS_ACCESS_KEY_ID!,
        AWS_SECRET_ACCESS_KEY: env.AWS_SECRET_ACCESS_KEY!,
        GITHUB_API_URL: env.GITHUB_API_URL!,
      },
      keepTemp: true,
    })
    temps.push(result.runnerTemp)
    return result
  }

  const reportOf = (result: ActionResult): Report => JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as Report

  it('first run, deployment still provisioning: the step fails, and the comment is created saying what is pending', async () => {
    sandbox.faults.slowProvisioningMs = 4000
    ;({ id: deploymentId } = await createDeployment(sandbox, rds, 'orders', { wait: false }))
    const result = await run()
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ ready: 'false', status: 'PROVISIONING', 'deployment-id': deploymentId, verdict: 'failed' })
    // The finding as an annotation with its remedy, then the step's failure line.
    expect(result.errors).toEqual([
      expect.stringMatching(/^bgd-[a-z0-9]+ \(orders-bg\): The deployment is PROVISIONING, not AVAILABLE.*\nRemedy: Wait until the deployment is AVAILABLE/s),
      expect.stringMatching(/^orders: green is not ready to switch over \(green orders-green-[a-z0-9]{6}\): 1 blocking finding$/),
    ])
    const report = reportOf(result)
    expect(report.findings.map((f) => f.code)).toEqual(['DEPLOYMENT_NOT_AVAILABLE'])
    expect(report.findings[0]?.message).toMatch(/The deployment is PROVISIONING, not AVAILABLE.* Still pending: .*CREATING_TOPOLOGY_OF_SOURCE \(PENDING\)/)
    expect(report.actions).toEqual([])

    const [comment, ...more] = comments()
    expect(more).toEqual([])
    const lines = comment!.body.split('\n')
    expect(lines[0]).toBe('<!-- rds-blue-green:sticky source=orders mode=verify -->')
    expect(lines[1]).toMatch(/^### ❌ orders: green is not ready to switch over/)
    expect(comment!.body).toContain('`DEPLOYMENT_NOT_AVAILABLE`')
    expect(comment!.body).toMatch(/\| ❌ \| Deployment \| bgd-[a-z0-9]+ \(orders-bg\): PROVISIONING · pending: /)
    expect(result.outputs['comment-url']).toMatch(new RegExp(`/${REPO}/pull/${PR}#issuecomment-${comment!.id}$`))
    commentId = comment!.id
    expect(result.summary.split('\n')[0]).toBe(lines[1])
  })

  it('second run, green in sync: the step passes, and the same comment is updated in place', async () => {
    await waitFor(() => describeDeployment(rds, deploymentId), (d) => d.Status === 'AVAILABLE')
    const before = sandbox.identity.github.requests.length
    const result = await run()
    expect(result.exitCode).toBe(0)
    expect(result.errors).toEqual([])
    expect(result.outputs).toMatchObject({ ready: 'true', status: 'AVAILABLE', verdict: 'ok' })
    const lag = Number(result.outputs['replica-lag-ms'])
    expect(Number.isInteger(lag) && lag >= 0).toBe(true)

    const all = comments()
    expect(all.map((c) => c.id)).toEqual([commentId])
    const body = all[0]!.body
    expect(body.split('\n')[1]).toMatch(/^### ✅ orders: green is ready to switch over \(green orders-green-[a-z0-9]{6}\)$/)
    expect(body).toContain(`| ✅ | Marker row (sync) | on green ${lag} ms after blue acknowledged it`)
    expect(body).not.toContain('DEPLOYMENT_NOT_AVAILABLE')
    const writes = sandbox.identity.github.requests.slice(before).filter((r) => r.method !== 'GET')
    expect(writes.map((r) => `${r.method} ${r.status}`)).toEqual(['PATCH 200'])
    // Nothing secret left the process.
    for (const text of [result.stdout.replace(/::add-mask::.*/g, ''), result.summary, body]) {
      expect(text).not.toContain(sandbox.env.SANDBOX_DB_PASSWORD!)
      expect(text).not.toContain(sandbox.env.GITHUB_TOKEN!)
    }
  })
})
