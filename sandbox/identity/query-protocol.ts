// The AWS Query protocol's envelope, as STS speaks it: form-encoded parameters in,
// `<XResponse><XResult>..</XResult><ResponseMetadata>..` or `<ErrorResponse>` out, with
// the x-amzn-RequestId header the SDK reports as $metadata.requestId.
import { randomUUID } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { queryPairs } from './sigv4.js'

/** Parameters from the query string and the form body (the CLI and the SDK POST a form). */
export function queryParameters(query: string, body: Buffer, contentType: string | undefined): Map<string, string> {
  const params = new Map(queryPairs(query))
  if (body.length > 0 && (contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) params.set(name, value)
  }
  return params
}

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
}

/** `<Name>value</Name>` lines for the defined entries, escaped, in the order given. */
export function xmlElements(entries: Array<[string, string | undefined]>, indent: string): string {
  return entries
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${indent}<${name}>${xmlEscape(value)}</${name}>`)
    .join('\n')
}

export function sendQueryResult(res: ServerResponse, namespace: string, action: string, resultXml: string): void {
  const requestId = randomUUID()
  const xml =
    `<${action}Response xmlns="${namespace}">\n` +
    `  <${action}Result>\n${resultXml}\n  </${action}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n` +
    `</${action}Response>\n`
  res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml)
}

export function sendQueryError(
  res: ServerResponse,
  namespace: string,
  error: { code: string; message: string; status: number; type?: 'Sender' | 'Receiver' },
): void {
  const requestId = randomUUID()
  const xml =
    `<ErrorResponse xmlns="${namespace}">\n` +
    `  <Error>\n    <Type>${error.type ?? 'Sender'}</Type>\n    <Code>${xmlEscape(error.code)}</Code>\n` +
    `    <Message>${xmlEscape(error.message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  res.writeHead(error.status, { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }).end(xml)
}
