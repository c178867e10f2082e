// Signature Version 4, computed on the receiving side from the request exactly as it
// arrived: canonical request, string to sign, signing key, signature. Written against the
// published algorithm (not by calling the SDK's signer), so that the SDK's own requests
// passing is evidence of fidelity rather than of one implementation agreeing with itself.
// Both forms are read: the Authorization header and presigned query parameters
// (X-Amz-Signature, as in RDS IAM authentication tokens).
import { createHash, createHmac } from 'node:crypto'

export const ALGORITHM = 'AWS4-HMAC-SHA256'
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD'

/** An HTTP request as the server received it. */
export interface SignedRequest {
  method: string
  /** The path as sent on the wire (percent-encoded), without the query. */
  path: string
  /** The raw query string, without `?` ('' when there is none). */
  query: string
  /** Header names in lower case, as node:http gives them. */
  headers: Record<string, string | string[] | undefined>
  body: Buffer | string
}

/** What the request claims about its signature. */
export interface SignatureClaim {
  accessKeyId: string
  /** The credential scope's date, YYYYMMDD. */
  scopeDate: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
  /** The request time, YYYYMMDDTHHMMSSZ. */
  amzDate: string | undefined
  securityToken: string | undefined
  /** Signed in the query string (a presigned URL) rather than in the Authorization header. */
  presigned: boolean
  /** For presigned requests: how long the signature stays valid. */
  expiresSeconds: number | undefined
}

export class SignatureFormatError extends Error {}

export function header(request: SignedRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** Splits a raw query string into decoded [name, value] pairs. */
export function queryPairs(query: string): Array<[string, string]> {
  if (query === '') return []
  return query.split('&').map((part) => {
    const eq = part.indexOf('=')
    const name = eq < 0 ? part : part.slice(0, eq)
    const value = eq < 0 ? '' : part.slice(eq + 1)
    return [decode(name), decode(value)]
  })
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** RFC 3986 encoding, as SigV4 requires (encodeURIComponent leaves !'()* alone). */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

const CREDENTIAL_FORMAT = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/

function parseCredential(credential: string): Pick<SignatureClaim, 'accessKeyId' | 'scopeDate' | 'region' | 'service'> {
  const match = CREDENTIAL_FORMAT.exec(credential)
  if (!match) {
    throw new SignatureFormatError(
      `Credential should be scoped to a valid region and service, and end in aws4_request: '${credential}'.`,
    )
  }
  return { accessKeyId: match[1]!, scopeDate: match[2]!, region: match[3]!, service: match[4]! }
}

/**
 * Reads the signature the request carries. `undefined` when it carries none at all;
 * throws SignatureFormatError when it carries one that cannot be read.
 */
export function readSignatureClaim(request: SignedRequest): SignatureClaim | undefined {
  const authorization = header(request, 'authorization')
  const query = new Map(queryPairs(request.query))
  if (authorization !== undefined) {
    if (!authorization.startsWith(`${ALGORITHM} `)) {
      throw new SignatureFormatError(`Unsupported Authorization Type '${authorization.split(' ')[0] ?? ''}'.`)
    }
    const fields = new Map<string, string>()
    for (const part of authorization.slice(ALGORITHM.length + 1).split(',')) {
      const eq = part.indexOf('=')
      if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
    }
    for (const required of ['Credential', 'SignedHeaders', 'Signature']) {
      if (!fields.get(required)) {
        throw new SignatureFormatError(`Authorization header requires '${required}' parameter.`)
      }
    }
    return {
      ...parseCredential(fields.get('Credential')!),
      signedHeaders: fields.get('SignedHeaders')!.split(';'),
      signature: fields.get('Signature')!,
      amzDate: header(request, 'x-amz-date'),
      securityToken: header(request, 'x-amz-security-token'),
      presigned: false,
      expiresSeconds: undefined,
    }
  }
  if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) {
    for (const required of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date']) {
      if (!query.get(required)) throw new SignatureFormatError(`AWS query-string parameters must include '${required}'.`)
    }
    if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
      throw new SignatureFormatError(`X-Amz-Algorithm only supports '${ALGORITHM}'.`)
    }
    const expires = query.get('X-Amz-Expires')
    return {
      ...parseCredential(query.get('X-Amz-Credential')!),
      signedHeaders: query.get('X-Amz-SignedHeaders')!.split(';'),
      signature: query.get('X-Amz-Signature')!,
      amzDate: query.get('X-Amz-Date'),
      securityToken: query.get('X-Amz-Security-Token'),
      presigned: true,
      expiresSeconds: expires === undefined ? undefined : Number(expires),
    }
  }
  return undefined
}

/** The canonical URI for every service but S3: normalized, each segment encoded twice. */
export function canonicalPath(path: string): string {
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : ''
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`
  return uriEscape(normalized).replace(/%2F/g, '/')
}

export function canonicalQuery(query: string, presigned: boolean): string {
  return queryPairs(query)
    .filter(([name]) => !(presigned && name === 'X-Amz-Signature'))
    .map(([name, value]) => [uriEscape(name), uriEscape(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&')
}

function canonicalHeaderValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ')
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex')
}

/** The payload hash the signer used: the body's, unless the request says it left it unsigned. */
export function payloadHash(request: SignedRequest): string {
  const declared = header(request, 'x-amz-content-sha256')
  return declared === UNSIGNED_PAYLOAD ? UNSIGNED_PAYLOAD : sha256Hex(request.body)
}

export function canonicalRequest(request: SignedRequest, claim: SignatureClaim): string {
  const headers = claim.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(header(request, name) ?? '')}\n`).join('')
  return [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query, claim.presigned),
    headers,
    claim.signedHeaders.join(';'),
    payloadHash(request),
  ].join('\n')
}

export function credentialScope(claim: Pick<SignatureClaim, 'scopeDate' | 'region' | 'service'>): string {
  return `${claim.scopeDate}/${claim.region}/${claim.service}/aws4_request`
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}

export function signingKey(secretAccessKey: string, scopeDate: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, scopeDate), region), service), 'aws4_request')
}

/** The signature the request should carry if it was signed with `secretAccessKey`. */
export function expectedSignature(request: SignedRequest, claim: SignatureClaim, secretAccessKey: string): string {
  const toSign = stringToSign(claim.amzDate ?? '', credentialScope(claim), canonicalRequest(request, claim))
  return createHmac('sha256', signingKey(secretAccessKey, claim.scopeDate, claim.region, claim.service))
    .update(toSign)
    .digest('hex')
}

/** Parses YYYYMMDDTHHMMSSZ; undefined when malformed. */
export function parseAmzDate(amzDate: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, number, number, number, number, number, number]
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s))
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')
}
