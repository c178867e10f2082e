// Shared by the sandbox tests: an RDS client pointed at a sandbox exactly as the action's
// would be (endpoint and region from the sandbox's environment), and polling helpers.
import { RDSClient } from '@aws-sdk/client-rds'
import type { Sandbox } from '../../sandbox/index.js'

export function rdsClient(sandbox: Sandbox): RDSClient {
  return new RDSClient({
    endpoint: sandbox.env.AWS_ENDPOINT_URL_RDS,
    region: sandbox.env.AWS_REGION,
    credentials: { accessKeyId: sandbox.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sandbox.env.AWS_SECRET_ACCESS_KEY! },
    maxAttempts: 1,
  })
}

/** Polls `read` every 50 ms until `done` holds for its value; fails with the last value after `ms`. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms
  let value = await read()
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`waitFor timed out; last value: ${JSON.stringify(value)}`)
    await new Promise((r) => setTimeout(r, 50))
    value = await read()
  }
  return value
}

/** The error's wire code as the SDK reports it (name is the exception, Code the wire code). */
export async function errorOf(promise: Promise<unknown>): Promise<{ name: string; code: string; status: number | undefined; message: string }> {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; Code?: string; message: string; $metadata?: { httpStatusCode?: number } }
    return { name: e.name, code: e.Code ?? e.name, status: e.$metadata?.httpStatusCode, message: e.message }
  }
  throw new Error('expected the call to fail, it succeeded')
}
