// How the RDS endpoint checks who is calling. The identity workstream (sandbox/identity/)
// provides a CredentialStore that verifies SigV4 signatures against keys the sandbox issued
// and a simulated IAM policy; until it is wired in, `permissive` accepts any signed request.
export interface SignedRequest {
  method: string
  path: string
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: string
}

export interface Caller {
  accessKeyId: string
  arn: string
  account: string
}

export interface RequestAuthenticator {
  /** Returns the caller, or throws an error carrying `code` (e.g. SignatureDoesNotMatch) and `status`. */
  verify(request: SignedRequest, service: string): Caller | Promise<Caller>
  /** Throws an error with code AccessDenied when the caller may not perform `action` (e.g. rds:DescribeDBInstances). */
  authorize(caller: Caller, action: string): void | Promise<void>
}

/** Accepts every request; reads the access key id from the Authorization header when present. */
export const permissive: RequestAuthenticator = {
  verify(request) {
    const header = request.headers['authorization']
    const text = Array.isArray(header) ? header[0] ?? '' : header ?? ''
    const accessKeyId = /Credential=([^/]+)\//.exec(text)?.[1] ?? 'anonymous'
    return { accessKeyId, arn: 'arn:aws:iam::123456789012:root', account: '123456789012' }
  },
  authorize() {
    return undefined
  },
}
