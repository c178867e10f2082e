// The AWS CLI against the sandbox, where the CLI is installed (it is not a dependency): the
// same Query protocol, parsed by botocore instead of the JS SDK.
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'

const run = promisify(execFile)
function installed(): boolean {
  try {
    execFileSync('aws', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const describeIfInstalled = installed() ? describe : describe.skip

describeIfInstalled('AWS CLI against the sandbox', () => {
  let sandbox: Sandbox
  beforeAll(async () => {
    sandbox = await Sandbox.start({ instance: { id: 'cli-db', sampleData: false } })
  })
  afterAll(() => sandbox.stop())

  const aws = async (...args: string[]) => {
    const { stdout } = await run('aws', ['rds', ...args, '--endpoint-url', sandbox.endpoint, '--region', 'us-east-1', '--output', 'json'],
      { env: { ...process.env, ...sandbox.env, AWS_PAGER: '' } })
    return JSON.parse(stdout || '{}') as Record<string, unknown>
  }

  it('describes instances and parameters and reports RDS error codes', async () => {
    const instances = (await aws('describe-db-instances')).DBInstances as { DBInstanceIdentifier: string; DBParameterGroups: unknown[] }[]
    expect(instances.map((i) => i.DBInstanceIdentifier)).toEqual(['cli-db'])
    expect(instances[0]!.DBParameterGroups.length).toBe(1)
    await aws('create-db-parameter-group', '--db-parameter-group-name', 'cli-group', '--db-parameter-group-family', 'mysql8.0', '--description', 'cli')
    await aws('modify-db-parameter-group', '--db-parameter-group-name', 'cli-group', '--parameters',
      'ParameterName=binlog_format,ParameterValue=MIXED,ApplyMethod=immediate')
    const params = (await aws('describe-db-parameters', '--db-parameter-group-name', 'cli-group', '--source', 'user')).Parameters as { ParameterValue: string }[]
    expect(params.map((p) => p.ParameterValue)).toEqual(['MIXED'])
    await expect(aws('describe-db-instances', '--db-instance-identifier', 'nope')).rejects.toMatchObject({ stderr: expect.stringContaining('(DBInstanceNotFound)') })
  })
})
