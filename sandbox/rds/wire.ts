// The RDS endpoint: AWS Query protocol over HTTP on 127.0.0.1. A form-encoded POST (or GET
// with a query string) names the Action; the body is decoded by the action's input schema,
// the caller is authenticated and authorised, faults are applied, the handler runs, and the
// result is encoded by the output schema. Errors use the protocol's ErrorResponse.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Faults } from '../faults.js'
import type { RequestAuthenticator } from './auth.js'
import { RdsError } from './errors.js'
import { decode, parseForm } from './query.js'
import { operationShape } from './schema.js'
import { errorXml, successXml } from './xml.js'
import { KEEP_ALIVE } from '../identity/http-service.js'
import { impliedActions } from './implied-permissions.js'

export type Handler = (input: Record<string, unknown>) => Promise<unknown>

export interface WireOptions {
  handlers: Record<string, Handler>
  auth: RequestAuthenticator
  faults: Faults
  /** Other routes on the same server (the control endpoint), tried before RDS. */
  extra?: (req: IncomingMessage, res: ServerResponse, body: string) => Promise<boolean>
  /** Every call, for tests and the CLI log. */
  onCall?: (action: string, code: string | undefined) => void
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, xml: string, requestId: string): void {
  res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(xml) })
  res.end(xml)
}

export function createRdsServer(options: WireOptions): Server {
  return createServer(KEEP_ALIVE, (req, res) => {
    void handle(options, req, res)
  })
}

async function handle(options: WireOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID()
  let action = ''
  try {
    const raw = await readBody(req)
    const body = raw.toString('utf8')
    if (options.extra && (await options.extra(req, res, body))) return
    const target = req.url ?? '/'
    const q = target.indexOf('?')
    const query = q < 0 ? '' : target.slice(q + 1)
    const params = parseForm(req.method === 'GET' ? query : body)
    action = params.get('Action') ?? ''
    // The signature covers the exact bytes: raw path, raw query, body buffer.
    const caller = await options.auth.verify(
      { method: req.method ?? 'POST', path: q < 0 ? target : target.slice(0, q), query, headers: req.headers, body: raw },
      'rds',
    )
    const shape = operationShape(action)
    const handler = options.handlers[action]
    if (!action || !shape || !handler) {
      throw new RdsError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`)
    }
    await options.auth.authorize(caller, `rds:${action}`)
    if (options.faults.takeThrottle(action)) throw new RdsError('Throttling', 'Rate exceeded')
    const input = decode(shape.input, params) as Record<string, unknown>
    for (const implied of impliedActions(action, input)) await options.auth.authorize(caller, implied)
    const result = await handler(input)
    send(res, 200, successXml(action, shape.output, result ?? {}, requestId), requestId)
    options.onCall?.(action, undefined)
  } catch (error) {
    const { code, status, message } = describeError(error)
    send(res, status, errorXml(code, message, requestId, status >= 500 ? 'Receiver' : 'Sender'), requestId)
    options.onCall?.(action, code)
  }
}

function describeError(error: unknown): { code: string; status: number; message: string } {
  if (error instanceof RdsError) return { code: error.code, status: error.status, message: error.message }
  const e = error as { code?: unknown; status?: unknown; message?: unknown }
  if (typeof e?.code === 'string' && typeof e.status === 'number') {
    return { code: e.code, status: e.status, message: String(e.message ?? e.code) }
  }
  console.error('sandbox: internal error', error)
  return { code: 'InternalFailure', status: 500, message: 'The request processing has failed because of an unknown error.' }
}
