// A deployment that ends INVALID_CONFIGURATION (the sandbox's fault: the next creation fails
// after the replica is created, with these StatusDetails and a failure event, as RDS does).
// create ends the run with the StatusDetails, the failed tasks and the recent RDS events of
// the deployment, blue and green, and sets deployment-id and status for the cleanup step.
// And the creations RDS refuses outright (an Aurora cluster without binlog: seed 000 step
// 1's error) or that the inputs make impossible.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { CallLog, runModeOnSandbox } from '../helpers/sandbox-modes.js'

const DETAILS = 'The green environment parameter group orders-green has an invalid value for innodb_buffer_pool_size.'

describe('create: INVALID_CONFIGURATION', () => {
  let sandbox: Sandbox
  const calls = new CallLog()
  beforeAll(async () => {
    sandbox = await Sandbox.start({
      instance: { id: 'orders', parameterGroup: 'orders-params' },
      cluster: { id: 'aurora-app', sampleData: false },
      parameterGroups: [{ name: 'orders-params', family: 'mysql8.0', values: { binlog_format: 'MIXED' } }],
      timings: { taskMs: 100 },
      onCall: calls.record,
    })
  })
  afterAll(async () => {
    await sandbox?.stop()
  })

  it('ends the run with StatusDetails, the failed tasks and the recent RDS events', async () => {
    sandbox.faults.invalidConfiguration = DETAILS
    const mark = calls.mark()
    const { report, summary } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'orders' })
    const id = report.outputs['deployment-id']!
    expect(report.outputs.status).toBe('INVALID_CONFIGURATION')
    expect(report.verdict).toEqual({ ok: false, headline: `create: ${id} is INVALID_CONFIGURATION: ${DETAILS}` })
    const failure = report.findings.find((f) => f.code === 'DEPLOYMENT_INVALID_CONFIGURATION')
    expect(failure?.message).toContain(`Deployment ${id} is INVALID_CONFIGURATION: ${DETAILS}`)
    expect(failure?.message).toContain('Failed tasks: DB_ENGINE_VERSION_UPGRADE, CONFIGURE_BACKUPS, CREATING_TOPOLOGY_OF_SOURCE')
    expect(failure?.message).toContain(`Recent RDS events: ${id}: ${DETAILS}`)
    expect(failure?.remedy).toContain(`cleanup (abandon: true, deployment: ${id})`)
    // Events of the deployment, blue and green were read (one DescribeEvents per source type:
    // the deployment, and the instances blue and green) and shown.
    expect(calls.since(mark).filter((c) => c.action === 'DescribeEvents')).toHaveLength(2)
    const events = report.sections.find((s) => s.title === 'RDS events of blue and green')?.markdown ?? ''
    expect(events).toContain(`| blue-green-deployment ${id} | ${DETAILS} |`)
    expect(events).toContain('Blue/green deployment creation started.')
    expect(report.timeline.filter((e) => e.source === 'rds-event').map((e) => e.label)).toContain(`${id}: ${DETAILS}`)
    expect(summary).toContain('❌ FAILED')
    // No green member was rebooted or waited for: the run stopped at the failure.
    expect(calls.mutatingSince(mark)).toEqual(['CreateBlueGreenDeployment'])
  })

  it("reports RDS's refusal with its code and message, pointing at prepare", async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'aurora-app' })
    expect(calls.since(mark).filter((c) => c.action === 'CreateBlueGreenDeployment').map((c) => c.code)).toEqual(['SourceClusterNotSupportedFault'])
    expect(report.verdict).toEqual({ ok: false, headline: 'create: RDS refused to create aurora-app-bg: SourceClusterNotSupportedFault' })
    const refused = report.findings.find((f) => f.code === 'CREATE_REFUSED')
    expect(refused?.message).toBe('RDS refused CreateBlueGreenDeployment: SourceClusterNotSupportedFault: Blue Green Deployments requires cluster parameter group has binlog enabled.')
    expect(refused?.remedy).toContain('Run prepare (with apply: true)')
  })

  it('stops before any change on a target input that does not apply to the source', async () => {
    const mark = calls.mark()
    const { report } = await runModeOnSandbox(sandbox, { mode: 'create', source: 'aurora-app', 'target-instance-class': 'db.r6g.large' })
    expect(calls.mutatingSince(mark)).toEqual([])
    expect(report.findings).toEqual([expect.objectContaining({ level: 'error', code: 'TARGET_INPUT_NOT_APPLICABLE', subject: 'target-instance-class' })])
  })
})
