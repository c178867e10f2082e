// RDS throttles bursts with `Throttling`. prepare and create make many Describe calls (and
// poll for minutes on real RDS); throttled calls are retried with backoff by the clients'
// retry policy (retry-max-attempts) and both runs succeed. The sandbox's throttling fault
// refuses the next N calls of an action for real, over the wire.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

describe('prepare and create under throttling', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 100, rebootMs: 50 }, onCall: calls.record })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('retries throttled calls and succeeds', async () => {
    sandbox.faults.throttle('DescribeDBInstances', 2)
    sandbox.faults.throttle('DescribeDBParameters', 2)
    sandbox.faults.throttle('CreateDBParameterGroup', 2)
    sandbox.faults.throttle('RebootDBInstance', 1)
    const mark = calls.mark()
    const prepared = await runModeOnSandbox(sandbox, { mode: 'prepare', source: 'orders', apply: 'true', 'allow-reboot': 'true' })
    expect(prepared.report.verdict.ok).toBe(true)
    expect(sandbox.instance('orders').parameterGroup).toBe('orders-bluegreen')

    sandbox.faults.throttle('CreateBlueGreenDeployment', 2)
    sandbox.faults.throttle('DescribeBlueGreenDeployments', 2)
    const created = await runModeOnSandbox(sandbox, { mode: 'create', source: 'orders' })
    expect(created.report.verdict.ok).toBe(true)
    expect(created.report.outputs.status).toBe('AVAILABLE')
    // Exactly one deployment, though its creation was throttled twice first.
    expect(sandbox.state.deployments.size).toBe(1)

    const throttled = calls.since(mark).filter((c) => c.code === 'Throttling').map((c) => c.action)
    expect(throttled.sort()).toEqual(
      [
        ...Array(2).fill('DescribeDBInstances'),
        ...Array(2).fill('DescribeDBParameters'),
        ...Array(2).fill('CreateDBParameterGroup'),
        'RebootDBInstance',
        ...Array(2).fill('CreateBlueGreenDeployment'),
        ...Array(2).fill('DescribeBlueGreenDeployments'),
      ].sort(),
    )
    // Each throttled change went through once in the end, and is listed once in the report.
    expect(calls.since(mark).filter((c) => c.action === 'CreateBlueGreenDeployment' && c.code === undefined)).toHaveLength(1)
    expect(prepared.report.actions?.filter((a) => a.description.startsWith('RebootDBInstance'))).toHaveLength(1)
  }, 120_000)
})
