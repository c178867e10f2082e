// RDS IAM database authentication tokens, checked as RDS checks them at connect time:
// the token @aws-sdk/rds-signer makes is a presigned `GET /?Action=connect&DBUser=<user>`
// for service `rds-db`, signed with the host `<endpoint>:<port>`, valid 15 minutes. A
// sandbox endpoint that supports IAM auth passes the password a client sent (through the
// mysql_clear_password plugin) here, with the endpoint and user it was sent for.
import type { Caller, CredentialStore } from './credentials.js'
import { authError } from './aws-auth-error.js'
import { queryPairs } from './sigv4.js'

export interface RdsAuthTarget {
  hostname: string
  port: number
  user: string
  /** The instance's DbiResourceId (db-...), used in the rds-db:connect resource ARN. */
  resourceId?: string
}

/** Returns who the token is for, or throws an AwsAuthError (the database answers 1045 either way). */
export function verifyRdsAuthToken(store: CredentialStore, token: string, target: RdsAuthTarget, now?: Date): Caller {
  const slash = token.indexOf('/')
  const host = slash < 0 ? '' : token.slice(0, slash)
  const q = token.indexOf('?')
  const query = q < 0 ? '' : token.slice(q + 1)
  const params = new Map(queryPairs(query))
  if (host !== `${target.hostname}:${target.port}` || params.get('Action') !== 'connect' || params.get('DBUser') !== target.user) {
    throw authError('SignatureDoesNotMatch', 'rds-db', `The token is not for ${target.user} at ${target.hostname}:${target.port}.`)
  }
  const caller = store.verifySigV4(
    { method: 'GET', path: slash < 0 ? '/' : token.slice(slash, q < 0 ? undefined : q), query, headers: { host }, body: '' },
    'rds-db',
    now,
  )
  const resource = `arn:aws:rds-db:${caller.region}:${caller.account}:dbuser:${target.resourceId ?? '*'}/${target.user}`
  store.authorize(caller, 'rds-db:connect', resource)
  return caller
}
