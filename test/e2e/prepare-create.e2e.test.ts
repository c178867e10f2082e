// prepare then create through the bundled action (dist/index.js), run exactly as the GitHub
// runner runs it: inputs as INPUT_*, outputs read back from GITHUB_OUTPUT, the job summary
// from GITHUB_STEP_SUMMARY. The action reaches the sandbox only through the standard
// variables (AWS_ENDPOINT_URL_RDS, the AWS credentials and Region) and the endpoints RDS
// reports; the database is verified against the sandbox's CA (db-ca-bundle).
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { replicationHealthy } from '../../src/db/replica-status.js'
import { greenReplication } from '../helpers/green.js'
import { DIST_ENTRY, runAction } from '../helpers/run-action.js'
import { runnerEnv, sandboxInputs } from '../helpers/sandbox-modes.js'

describe('dist/index.js: prepare, then create', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders', backupRetention: 0 }, timings: { taskMs: 100, rebootMs: 50, modifyMs: 50 } })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  const env = () => runnerEnv(sandbox)
  const db = () => sandboxInputs(sandbox)

  it('prepare fixes blue (backups, custom group, reboot, heartbeat) and passes', async () => {
    expect(existsSync(DIST_ENTRY)).toBe(true)
    const result = await runAction({
      inputs: { mode: 'prepare', source: 'orders', apply: 'true', 'allow-reboot': 'true', 'backup-retention-period': '7', ...db() },
      env: env(),
      keepTemp: true,
    })
    expect(result.errors).toEqual([])
    expect(result.exitCode).toBe(0)
    expect(result.outputs.verdict).toBe('ok')
    const json = JSON.parse(readFileSync(result.outputs['report-path']!, 'utf8')) as { verdict: { headline: string }; actions: { description: string }[] }
    expect(json.verdict.headline).toBe('prepare: orders is ready for create (6 changes made)')
    expect(json.actions.map((a) => a.description.split(' ')[0])).toEqual(['ModifyDBInstance', 'CreateDBParameterGroup', 'ModifyDBParameterGroup', 'ModifyDBInstance', 'RebootDBInstance', 'SQL'])
    expect(result.summary).toContain('### ✅ prepare: orders is ready for create (6 changes made)')
    expect(result.summary).toContain('🔧 fixed (was BACKUPS_DISABLED)')
    // The password is only ever passed to ::add-mask::, never printed.
    expect(result.logLines.join('\n')).not.toContain(sandbox.env.SANDBOX_DB_PASSWORD!)
    expect(result.summary).not.toContain(sandbox.env.SANDBOX_DB_PASSWORD!)
    rmSync(result.runnerTemp, { recursive: true, force: true })
    expect(sandbox.instance('orders').parameterGroup).toBe('orders-bluegreen')
  }, 60_000)

  it('create reaches AVAILABLE and sets deployment-id, green-identifiers, green-endpoint and status', async () => {
    const result = await runAction({ inputs: { mode: 'create', source: 'orders', ...db() }, env: env() })
    expect(result.errors).toEqual([])
    expect(result.exitCode).toBe(0)
    const [id] = [...sandbox.state.deployments.keys()]
    const green = sandbox.state.deployments.get(id!)!.details[0]!.target
    expect(result.outputs).toMatchObject({
      verdict: 'ok',
      'deployment-id': id,
      status: 'AVAILABLE',
      'green-identifiers': green,
      'green-endpoint': `127.0.0.1:${sandbox.instance(green).proxy.port}`,
    })
    expect(result.summary).toContain(`### ✅ create: ${id} is AVAILABLE; green ${green}`)
    expect(result.logLines).toContain('task CREATING_READ_REPLICA_OF_SOURCE: COMPLETED')
    const status = await greenReplication(sandbox, green)
    expect(status && replicationHealthy(status)).toBe(true)
  }, 60_000)
})
