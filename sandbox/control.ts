// The control endpoint, on the RDS server under /_sandbox/ (JSON in, JSON out), so a shell,
// the demo or a test in another process can arm faults and read the sandbox's state:
//   GET  /_sandbox/state
//   POST /_sandbox/faults/throttle              {"action":"DescribeBlueGreenDeployments","count":3}
//   POST /_sandbox/faults/slow-provisioning     {"ms":5000}
//   POST /_sandbox/faults/storage-optimization  {"ms":3000}  (green members created from now on)
//   POST /_sandbox/faults/switchover            {"kind":"fail"|"timeout","reason":"...","afterMs":1000}
//   POST /_sandbox/faults/invalid-configuration {"reason":"..."}   (next creation ends INVALID_CONFIGURATION)
//   POST /_sandbox/faults/replication-error     {"instance":"<green id>","kind":"io"|"sql"}
//   POST /_sandbox/faults/clear
//   POST /_sandbox/timings                      {"switchover":{"readOnlyMs":2000,"unavailableMs":1000}}
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Sandbox } from './index.js'

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

/** Handles /_sandbox/* requests; false for anything else (the RDS API). */
export async function handleControl(sandbox: Sandbox, req: IncomingMessage, res: ServerResponse, body: string): Promise<boolean> {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
  if (!path.startsWith('/_sandbox/')) return false
  let input: Record<string, unknown>
  try {
    input = body ? (JSON.parse(body) as Record<string, unknown>) : {}
  } catch {
    reply(res, 400, { error: `Request body is not JSON: ${body.slice(0, 80)}` })
    return true
  }
  const faults = sandbox.faults
  try {
    switch (`${req.method} ${path}`) {
      case 'GET /_sandbox/state':
        reply(res, 200, sandbox.describe())
        return true
      case 'POST /_sandbox/faults/throttle':
        faults.throttle(String(input.action ?? '*'), Number(input.count ?? 1))
        break
      case 'POST /_sandbox/faults/slow-provisioning':
        faults.slowProvisioningMs = Number(input.ms ?? 0)
        break
      case 'POST /_sandbox/faults/storage-optimization':
        faults.storageOptimizationMs = Number(input.ms ?? 0)
        break
      case 'POST /_sandbox/faults/switchover': {
        const kind = input.kind === 'timeout' ? 'timeout' : 'fail'
        faults.switchover = { kind, ...(typeof input.reason === 'string' ? { reason: input.reason } : {}),
          ...(typeof input.afterMs === 'number' ? { afterMs: input.afterMs } : {}) }
        break
      }
      case 'POST /_sandbox/faults/invalid-configuration':
        faults.invalidConfiguration = String(input.reason ?? 'The green environment configuration is invalid.')
        break
      case 'POST /_sandbox/faults/replication-error':
        await sandbox.breakReplication(String(input.instance ?? ''), input.kind === 'io' ? 'io' : 'sql')
        break
      case 'POST /_sandbox/faults/clear':
        faults.clear()
        break
      case 'POST /_sandbox/timings':
        sandbox.setTimings(input)
        break
      default:
        reply(res, 404, { error: `No control route ${req.method} ${path}` })
        return true
    }
    reply(res, 200, { ok: true })
  } catch (error) {
    reply(res, 400, { error: (error as Error).message })
  }
  return true
}
