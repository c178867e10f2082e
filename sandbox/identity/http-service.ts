// A small HTTP service on 127.0.0.1: one node:http server on a free port, a handler that
// gets the whole body, and a close() that ends open keep-alive connections too, so a test
// that closes the sandbox never waits for an idle socket to time out. Shared by the
// identity, Secrets Manager and GitHub stand-ins.
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { SignedRequest } from './sigv4.js'

export interface RunningService {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string
  port: number
  close(): Promise<void>
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>

const MAX_BODY_BYTES = 8 * 1024 * 1024

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * AWS and GitHub endpoints keep idle connections open far longer than Node's 5 s default.
 * With the default, a client reusing a pooled socket just as the server times it out gets
 * ECONNRESET (the SDK retries, but a call can fail twice under load): keep them a minute.
 */
export const KEEP_ALIVE = { keepAliveTimeout: 60_000, headersTimeout: 65_000 } as const

/** Starts `handler` on 127.0.0.1 (port 0: a free one). `name` only labels errors. */
export async function serveHttp(name: string, handler: Handler, port = 0): Promise<RunningService> {
  const server = createServer(KEEP_ALIVE, (req, res) => {
    void (async () => {
      const body = await readBody(req)
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large')
        return
      }
      await handler(req, res, body)
    })().catch((error: unknown) => {
      // Never echo the request (it may hold tokens): only the error's own message.
      const message = error instanceof Error ? error.message : String(error)
      console.error(`${name}: internal error: ${message}`)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end('Internal error')
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    },
  }
}

/** The request in the shape CredentialStore.verifySigV4 reads. */
export function signedRequestOf(req: IncomingMessage, body: Buffer): SignedRequest {
  const target = req.url ?? '/'
  const q = target.indexOf('?')
  return {
    method: req.method ?? 'GET',
    path: q < 0 ? target : target.slice(0, q),
    query: q < 0 ? '' : target.slice(q + 1),
    headers: req.headers,
    body,
  }
}
