// The bundled action, run as the runner runs it: a bad input fails the step with exit
// code 1 and exactly one error line, before any AWS call. AWS_ENDPOINT_URL_RDS,
// AWS_ENDPOINT_URL_STS and AWS_ENDPOINT_URL_SECRETS_MANAGER point at a local server that
// records every request; it must see none. (Static test credentials keep the SDK from
// looking further; role-to-assume cases would also need the OIDC endpoint, also recorded.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { startHttpStub, type HttpStub } from '../helpers/http-stub.js'
import { runAction, type ActionResult } from '../helpers/run-action.js'
import { BAD_INPUTS, VALID } from '../unit/inputs/bad-inputs.js'

let recorder: HttpStub

beforeAll(async () => {
  recorder = await startHttpStub()
})
afterAll(async () => {
  await recorder.close()
})

function env(): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_RDS: recorder.url,
    AWS_ENDPOINT_URL_STS: recorder.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: recorder.url,
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ACTIONS_ID_TOKEN_REQUEST_URL: `${recorder.url}/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
  }
}

/** Runs `tasks` with at most `limit` at once (each spawns a node process). */
async function limited<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const i = next++
        results[i] = await tasks[i]!()
      }
    }),
  )
  return results
}

describe('dist/index.js with bad inputs', () => {
  it('fails `mode: deploy` with exit code 1 and one clear line', async () => {
    const result = await runAction({ inputs: { ...VALID, mode: 'deploy' }, env: env() })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([`Input 'mode' is "deploy": expected one of prepare, create, verify, switchover, cleanup`])
    expect(result.lines).toEqual([`::error::Input 'mode' is "deploy": expected one of prepare, create, verify, switchover, cleanup`])
    expect(result.stderr).toBe('')
    expect(recorder.requests).toEqual([])
  })

  it('names the mode in the first log line of a valid run', async () => {
    const result = await runAction({ inputs: { ...VALID, mode: 'prepare' }, env: env() })
    expect(result.lines[0]).toBe('rds-blue-green 0.1.0: mode prepare')
  })

  // One run per input (its first bad form), so every input is proven to stop the run
  // before any request; every bad form is checked against the parser in the unit test.
  it('stops every bad input with one line and no AWS call', async () => {
    recorder.requests.length = 0
    const firstPerInput = BAD_INPUTS.filter((c, i) => BAD_INPUTS.findIndex((d) => d.input === c.input) === i)
    const results = await limited(
      firstPerInput.map((c) => () => runAction({ inputs: { ...VALID, ...c.with, [c.input]: c.value }, env: env() })),
      1,
    )
    const failures: string[] = []
    results.forEach((result: ActionResult, i) => {
      const c = firstPerInput[i]!
      const named = c.names ?? c.input
      const ok =
        result.exitCode === 1 &&
        result.errors.length === 1 &&
        result.errors[0]!.startsWith(`Input '${named}' is `) &&
        c.expect.test(result.errors[0]!) &&
        !result.stdout.includes('pw-for-tests')
      if (!ok) failures.push(`${c.input}=${JSON.stringify(c.value)}: exit ${result.exitCode}, ${JSON.stringify(result.errors)}`)
    })
    expect(failures).toEqual([])
    expect(recorder.requests).toEqual([])
  }, 180_000)
})
