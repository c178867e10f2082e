// How the RDS endpoint checks who is calling: the identity workstream's CredentialStore
// (sandbox/identity/) verifies SigV4 signatures against the keys the sandbox issued and
// applies each role's simulated IAM policy. `permissive` accepts any request (for a recorder
// or a test that wants no identity at all).
import type { Caller } from '../identity/credentials.js'
import type { CredentialStore } from '../identity/index.js'
import type { SignedRequest } from '../identity/sigv4.js'

export type { Caller, SignedRequest }

export interface RequestAuthenticator {
  /** Returns the caller, or throws an error carrying `code` (e.g. SignatureDoesNotMatch) and `status`. */
  verify(request: SignedRequest, service: string): Caller | Promise<Caller>
  /** Throws an error with code AccessDenied when the caller may not perform `action` (e.g. rds:DescribeDBInstances). */
  authorize(caller: Caller, action: string): void | Promise<void>
}

/** RDS requests checked by the sandbox's IAM: unknown keys, bad signatures and denied actions are refused. */
export function credentialAuth(store: CredentialStore): RequestAuthenticator {
  return {
    verify: (request, service) => store.verifySigV4(request, service),
    authorize: (caller, action) => store.authorize(caller, action),
  }
}

/** Accepts every request; reads the access key id from the Authorization header when present. */
export const permissive: RequestAuthenticator = {
  verify(request) {
    const header = request.headers['authorization']
    const text = Array.isArray(header) ? header[0] ?? '' : header ?? ''
    const accessKeyId = /Credential=([^/]+)\//.exec(text)?.[1] ?? 'anonymous'
    return { accessKeyId, arn: 'arn:aws:iam::123456789012:root', account: '123456789012', userId: '123456789012', region: 'us-east-1' }
  },
  authorize() {
    return undefined
  },
}
