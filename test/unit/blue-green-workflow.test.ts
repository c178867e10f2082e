// The reusable workflow (.github/workflows/blue-green.yml): its job graph, gates,
// permissions, concurrency, wiring and artifacts, checked by test/helpers/workflow-checks.ts.
// Each realistic mistake is made on a copy and must be caught, so the checks cannot pass
// vacuously. The "find this workflow's commit" script is run for real with bash against
// the sandbox's GitHub OIDC token endpoint.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startOidcTokenEndpoint, type RunningOidcEndpoint } from '../../sandbox/identity/oidc.js'
import { parseGithubOutput } from '../helpers/run-action.js'
import {
  type Workflow,
  ACTION_USES,
  REUSABLE_PATH,
  STAGES,
  actionSteps,
  checkReusableWorkflow,
  readActionSpec,
  readWorkflow,
} from '../helpers/workflow-checks.js'

const action = readActionSpec()
const original = readWorkflow(REUSABLE_PATH)
const copy = (): Workflow => structuredClone(original)
const run = (wf: Workflow, stage: string) => actionSteps(wf.jobs[stage]!)[0]!

describe('the reusable workflow', () => {
  it('passes every check', () => {
    expect(checkReusableWorkflow(original, action)).toEqual([])
  })

  it('is called with workflow_call, runs the five stages in order, and exposes the figures', () => {
    expect(Object.keys(original.on)).toEqual(['workflow_call'])
    expect(Object.keys(original.jobs)).toEqual([...STAGES])
    expect(Object.keys(original.on.workflow_call?.outputs ?? {})).toEqual(
      expect.arrayContaining(['deployment-id', 'green-endpoint', 'ready', 'write-downtime-ms', 'read-downtime-ms', 'lost-writes']),
    )
    for (const stage of STAGES) expect(run(original, stage).uses).toBe(ACTION_USES)
  })

  const mistakes: [string, (wf: Workflow) => void, RegExp][] = [
    ['switchover no longer waits for verify', (wf) => (wf.jobs.switchover!.needs = ['create']), /switchover does not wait for verify|does not need verify/],
    ['cleanup runs beside the switchover', (wf) => (wf.jobs.cleanup!.needs = ['create']), /cleanup does not wait for switchover/],
    ['the switchover gate is removed', (wf) => delete wf.jobs.switchover!.environment, /switchover does not run in an environment/],
    ['the cleanup gate is a fixed name', (wf) => (wf.jobs.cleanup!.environment = 'production'), /cleanup does not run in an environment named by an input/],
    ['prepare runs in an environment', (wf) => (wf.jobs.prepare!.environment = 'x'), /prepare runs in an environment/],
    ['switchover ignores readiness', (wf) => (wf.jobs.switchover!.if = "inputs.stop-after == 'cleanup'"), /ready == 'true'/],
    ['a negative stop-after condition', (wf) => (wf.jobs.switchover!.if = "needs.verify.outputs.ready == 'true' && inputs.stop-after != 'verify'"), /switchover does not run exactly when stop-after is switchover, cleanup/],
    ['verify skipped for a rehearsal', (wf) => (wf.jobs.verify!.if = `contains(fromJSON('["switchover", "cleanup"]'), inputs.stop-after)`), /verify does not run exactly when/],
    ['no stop-after guard', (wf) => wf.jobs.prepare!.steps!.shift(), /prepare does not reject an unknown stop-after/],
    ['switchover runs always()', (wf) => (wf.jobs.switchover!.if = `always() && ${wf.jobs.switchover!.if ?? ''}`), /after a failed stage/],
    ['concurrency cancels in progress', (wf) => ((wf.concurrency as { 'cancel-in-progress': boolean })['cancel-in-progress'] = true), /cancel-in-progress is not false/],
    ['concurrency keyed by the workflow', (wf) => (wf.concurrency = { group: '${{ github.workflow }}', 'cancel-in-progress': false }), /not keyed by inputs.source/],
    ['a job-level concurrency group', (wf) => (wf.jobs.create!.concurrency = 'x'), /create has its own concurrency/],
    ['a fixed job timeout', (wf) => (wf.jobs.create!['timeout-minutes'] = 360), /create's timeout-minutes is not a number input/],
    ['the action not told its time', (wf) => delete run(wf, 'switchover').with!['time-limit'], /switchover does not give the action its job's timeout-minutes as time-limit/],
    ['another input as time-limit', (wf) => (run(wf, 'verify').with!['time-limit'] = '${{ inputs.create-job-timeout-minutes }}m'), /verify does not give the action its job's timeout-minutes/],
    ['pull-requests: write on switchover', (wf) => ((wf.jobs.switchover!.permissions as Record<string, string>)['pull-requests'] = 'write'), /switchover has pull-requests: write, more than it needs/],
    ['contents: write on create', (wf) => ((wf.jobs.create!.permissions as Record<string, string>).contents = 'write'), /create has contents: write/],
    ['write-all on prepare', (wf) => (wf.jobs.prepare!.permissions = 'write-all'), /prepare has \*: write/],
    ['verify cannot comment', (wf) => delete (wf.jobs.verify!.permissions as Record<string, string>)['pull-requests'], /verify lacks pull-requests: write/],
    ['no id-token on cleanup', (wf) => delete (wf.jobs.cleanup!.permissions as Record<string, string>)['id-token'], /cleanup lacks id-token: write/],
    ['workflow-wide permissions', (wf) => (wf.permissions = { contents: 'read' }), /grants permissions to every job/],
    ['an output create does not declare', (wf) => (run(wf, 'verify').with!.deployment = '${{ needs.create.outputs.deployment }}'), /needs\.create\.outputs\.deployment, which create does not declare/],
    ['an output from a job not needed', (wf) => (run(wf, 'cleanup').with!['max-replica-lag'] = '${{ needs.verify.outputs.ready }}'), /cleanup reads needs\.verify\.outputs\.ready but does not need verify/],
    ['a job output from an undeclared action output', (wf) => (wf.jobs.verify!.outputs!.ready = '${{ steps.action.outputs.is-ready }}'), /action's output is-ready/],
    ['a workflow output from a missing job output', (wf) => (wf.on.workflow_call!.outputs!['lost-writes']!.value = '${{ jobs.switchover.outputs.lost }}'), /lost-writes reads jobs\.switchover\.outputs\.lost/],
    ['a with: key the action does not have', (wf) => (run(wf, 'create').with!['target-engine'] = '8.4'), /create gives the action 'target-engine'/],
    ['an undeclared input', (wf) => (run(wf, 'switchover').with!['probe-interval'] = '${{ inputs.probe-every }}'), /inputs\.probe-every, which is not declared/],
    ['an undeclared secret', (wf) => (run(wf, 'verify').with!['db-password'] = '${{ secrets.PASSWORD }}'), /secrets\.PASSWORD/],
    ['the wrong mode', (wf) => (run(wf, 'cleanup').with!.mode = 'switchover'), /cleanup runs the action in mode switchover/],
    ['the deployment is not passed on', (wf) => delete run(wf, 'switchover').with!.deployment, /switchover does not pass the deployment/],
    ['the action from the caller\'s checkout', (wf) => (run(wf, 'verify').uses = './'), /verify runs the action 0 times/],
    ['the action at the caller\'s ref', (wf) => (wf.jobs.create!.steps!.find((s) => s.with?.path === '.rds-blue-green')!.with!.ref = '${{ github.sha }}'), /create checks the action out at another ref/],
    ['a root checkout after the action', (wf) => wf.jobs.verify!.steps!.splice(3, 0, { uses: 'actions/checkout@v7' }), /wipes/],
    ['one self step drifts', (wf) => (wf.jobs.cleanup!.steps!.find((s) => s.id === 'self')!.run += '\necho hi'), /'self' steps differ/],
    ['no probe log artifact', (wf) => {
      const upload = wf.jobs.switchover!.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!
      upload.with!.path = '${{ steps.action.outputs.report-path }}'
    }, /switchover does not upload the probe log/],
    ['no report artifact', (wf) => (wf.jobs.create!.steps = wf.jobs.create!.steps!.filter((s) => !s.uses?.startsWith('actions/upload-artifact@'))), /create does not upload its JSON report/],
    ['reports only on success', (wf) => delete wf.jobs.verify!.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.if, /only when the stage succeeds/],
    ['an artifact name shared by a fleet', (wf) => (wf.jobs.prepare!.steps!.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with!.name = 'prepare'), /not per database/],
  ]

  it.each(mistakes)('catches: %s', (_what, mutate, expected) => {
    const wf = copy()
    mutate(wf)
    const problems = checkReusableWorkflow(wf, action)
    expect(problems.join('\n')).toMatch(expected)
  })
})

describe("the 'find this workflow's commit' step, run with bash", () => {
  let oidc: RunningOidcEndpoint
  const dirs: string[] = []
  const script = original.jobs.prepare!.steps!.find((s) => s.id === 'self')!.run!
  const calledSha = 'c0ffee0000000000000000000000000000000001'

  beforeAll(async () => {
    // A caller repository (octo-org/app) calling this workflow in another repository at v1:
    // the token's job_workflow_* claims name the called workflow, the rest name the caller.
    oidc = await startOidcTokenEndpoint({
      workflow: {
        repository: 'octo-org/app',
        ref: 'refs/heads/main',
        sha: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        jobWorkflowRef: 'rds-org/rds-blue-green/.github/workflows/blue-green.yml@refs/tags/v1',
        jobWorkflowSha: calledSha,
      },
    })
  })
  afterAll(async () => {
    await oidc.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  async function runScript(env: Record<string, string>): Promise<{ code: number; stdout: string; outputs: Record<string, string> }> {
    const dir = mkdtempSync(join(tmpdir(), 'rds-bg-self-'))
    dirs.push(dir)
    const output = join(dir, 'output')
    writeFileSync(output, '')
    try {
      const { stdout } = await promisify(execFile)('bash', ['-e', '-c', script], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GITHUB_OUTPUT: output, SOURCE: 'arn:aws:rds:eu-west-1:123456789012:db:orders-db', REGION: 'eu-west-1', ...env },
      })
      return { code: 0, stdout, outputs: parseGithubOutput(readFileSync(output, 'utf8')) }
    } catch (error) {
      const e = error as { code: number; stdout: string }
      return { code: e.code, stdout: e.stdout, outputs: {} }
    }
  }

  it('names the called repository and commit, not the caller\'s, and masks the token', async () => {
    const result = await runScript({ ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken })
    expect(result.code).toBe(0)
    expect(result.outputs).toEqual({
      repository: 'rds-org/rds-blue-green',
      sha: calledSha,
      'artifact-prefix': 'rds-blue-green-eu-west-1-orders-db',
    })
    const mask = result.stdout.split('\n').find((l) => l.startsWith('::add-mask::'))
    expect(mask?.length).toBeGreaterThan(100)
    expect(result.stdout.replace(mask ?? '', '')).not.toContain(mask?.slice(12) ?? 'unreachable')
  })

  it('fails with one clear line when the job has no id-token permission', async () => {
    const result = await runScript({})
    expect(result.code).not.toBe(0)
    expect(result.stdout).toContain("::error::No OIDC token: the calling job must grant 'id-token: write'")
  })

  it('fails when the token endpoint refuses', async () => {
    const result = await runScript({ ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong' })
    expect(result.code).not.toBe(0)
    expect(result.outputs).toEqual({})
  })
})
