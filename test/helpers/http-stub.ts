// A local HTTP server that records every request and answers through a handler. Tests use
// it to prove that no request was made (a bad input), to stand in for an endpoint whose
// real counterpart is not available yet, or to produce a response the real service only
// gives under load (throttling).
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface StubResponse {
  status?: number
  headers?: Record<string, string>
  body?: string
}

export interface HttpStub {
  url: string
  port: number
  requests: RecordedRequest[]
  close(): Promise<void>
}

export async function startHttpStub(
  handler: (request: RecordedRequest) => StubResponse | Promise<StubResponse> = () => ({ status: 500, body: 'unexpected request' }),
): Promise<HttpStub> {
  const requests: RecordedRequest[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      requests.push(recorded)
      Promise.resolve()
        .then(() => handler(recorded))
        .then(
          (answer) => {
            res.writeHead(answer.status ?? 200, answer.headers ?? {})
            res.end(answer.body ?? '')
          },
          (error: unknown) => {
            res.writeHead(500)
            res.end(String(error))
          },
        )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Form fields of an AWS Query protocol request body (Action=...&Version=...). */
export function queryParams(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body))
}

/** An AWS Query protocol error, as RDS and STS send them. */
export function queryError(code: string, message: string, status = 400): StubResponse {
  return {
    status,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`,
  }
}
