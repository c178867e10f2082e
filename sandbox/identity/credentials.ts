// The sandbox's IAM: the access keys it issued (long-term keys for the default principal,
// temporary ones from STS), the roles and OIDC providers it knows, SigV4 verification of
// incoming requests and a simulated policy check. Every sandbox service that AWS signs
// for (RDS, STS, Secrets Manager) asks this one store, so a key the sandbox did not issue
// is refused everywhere with the codes AWS uses.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { authError, protocolOf } from './aws-auth-error.js'
import {
  type Role,
  type RoleConfig,
  DEFAULT_ACCOUNT,
  actionAllowed,
  assumedRoleArn,
  awsIdChars,
  createRole,
} from './roles.js'
import {
  type SignedRequest,
  SignatureFormatError,
  expectedSignature,
  formatAmzDate,
  parseAmzDate,
  readSignatureClaim,
} from './sigv4.js'
import type { JSONWebKeySet } from 'jose'

export interface RootKeys {
  accessKeyId: string
  secretAccessKey: string
}

/** As STS returns them (and as the SDK's credential providers expect them). */
export interface SessionCredentials {
  AccessKeyId: string
  SecretAccessKey: string
  SessionToken: string
  Expiration: Date
}

/** Who signed a request. */
export interface Caller {
  accessKeyId: string
  arn: string
  account: string
  /** GetCallerIdentity's UserId: the account id for root, `AROA...:session` for a role session. */
  userId: string
  /** The region the request was signed for. */
  region: string
  roleName?: string
  sessionName?: string
}

/** An IAM OIDC identity provider: whose tokens STS accepts, for which audiences, with which keys. */
export interface OidcProviderRegistration {
  /** The issuer URL, e.g. https://token.actions.githubusercontent.com */
  url: string
  /** IAM's client ID list: the audiences STS accepts. Default: sts.amazonaws.com. */
  clientIds?: string[]
  /** The issuer's public keys (what STS would fetch from its jwks_uri). */
  jwks: JSONWebKeySet
}

export interface OidcProvider {
  url: string
  host: string
  clientIds: string[]
  jwks: JSONWebKeySet
}

export interface CredentialStoreOptions {
  account?: string
  roles?: RoleConfig[]
  /** Allowed difference between the request's X-Amz-Date and the sandbox clock. Default 300 s, as AWS. */
  clockSkewSeconds?: number
}

interface KeyRecord {
  secretAccessKey: string
  session?: { token: string; expiration: Date; role: Role; sessionName: string }
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

function randomSecret(): string {
  return randomBytes(30).toString('base64').replace(/[^A-Za-z0-9]/g, 'x').slice(0, 40)
}

export class CredentialStore {
  readonly account: string
  private readonly keys = new Map<string, KeyRecord>()
  private readonly roleByName = new Map<string, Role>()
  private readonly providerByHost = new Map<string, OidcProvider>()
  private readonly clockSkewMs: number

  constructor(options: CredentialStoreOptions = {}) {
    this.account = options.account ?? DEFAULT_ACCOUNT
    if (!/^\d{12}$/.test(this.account)) {
      throw new Error(`account '${this.account}' is not valid: use a 12-digit AWS account id`)
    }
    this.clockSkewMs = (options.clockSkewSeconds ?? 300) * 1000
    for (const role of options.roles ?? []) this.addRole(role)
  }

  addRole(config: RoleConfig): Role {
    const role = createRole(this.account, config)
    this.roleByName.set(role.name, role)
    return role
  }

  /** A role by name or ARN. */
  role(nameOrArn: string): Role | undefined {
    const prefix = `arn:aws:iam::${this.account}:role/`
    const name = nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : nameOrArn
    return nameOrArn.startsWith('arn:') && !nameOrArn.startsWith(prefix) ? undefined : this.roleByName.get(name)
  }

  get roles(): Role[] {
    return [...this.roleByName.values()]
  }

  addOidcProvider(registration: OidcProviderRegistration): OidcProvider {
    const host = new URL(registration.url).host
    const provider = {
      url: registration.url,
      host,
      clientIds: registration.clientIds ?? ['sts.amazonaws.com'],
      jwks: registration.jwks,
    }
    this.providerByHost.set(host, provider)
    return provider
  }

  /** The provider registered for a token's `iss`, as IAM finds it (by host and path). */
  oidcProvider(issuer: string): OidcProvider | undefined {
    let host: string
    try {
      host = new URL(issuer).host
    } catch {
      return undefined
    }
    const provider = this.providerByHost.get(host)
    return provider && provider.url === issuer ? provider : undefined
  }

  /** Long-term keys of the account's default principal (root): every action is allowed. */
  issueRootKeys(): RootKeys {
    const accessKeyId = `AKIA${awsIdChars(16)}`
    const secretAccessKey = randomSecret()
    this.keys.set(accessKeyId, { secretAccessKey })
    return { accessKeyId, secretAccessKey }
  }

  /** Temporary keys for a role session, as STS issues them. STS checks the duration limits. */
  issueSessionCredentials(role: Role | string, sessionName: string, durationSeconds: number): SessionCredentials {
    const resolved = typeof role === 'string' ? this.role(role) : role
    if (!resolved) throw new Error(`Unknown role '${String(role)}': add it with addRole() first`)
    if (!SESSION_NAME.test(sessionName)) {
      throw new Error(`Session name '${sessionName}' is not valid: use 2 to 64 letters, digits or +=,.@_-`)
    }
    const AccessKeyId = `ASIA${awsIdChars(16)}`
    const SecretAccessKey = randomSecret()
    // Real session tokens are long opaque blobs; the length matters to code that sizes headers.
    const SessionToken = `IQoJb3JpZ2luX2Vj${randomBytes(300).toString('base64')}`
    const Expiration = new Date(Math.floor(Date.now() / 1000) * 1000 + durationSeconds * 1000)
    this.keys.set(AccessKeyId, {
      secretAccessKey: SecretAccessKey,
      session: { token: SessionToken, expiration: Expiration, role: resolved, sessionName },
    })
    return { AccessKeyId, SecretAccessKey, SessionToken, Expiration }
  }

  /**
   * Verifies the request's SigV4 signature for `service` (its signing name: rds, sts,
   * secretsmanager, ...) and returns who signed it, or throws an AwsAuthError with the
   * code, message and HTTP status that service would answer with.
   */
  verifySigV4(request: SignedRequest, service: string, now: Date = new Date()): Caller {
    let claim
    try {
      claim = readSignatureClaim(request)
    } catch (error) {
      if (error instanceof SignatureFormatError) throw authError('IncompleteSignature', service, error.message)
      throw error
    }
    if (!claim) throw authError('MissingAuthentication', service)
    if (claim.service !== service) {
      throw authError('SignatureDoesNotMatch', service, `Credential should be scoped to correct service: '${service}'. `)
    }
    const record = this.keys.get(claim.accessKeyId)
    if (!record) throw authError('InvalidClientTokenId', service)
    if (record.session) {
      if (claim.securityToken !== record.session.token) throw authError('InvalidClientTokenId', service)
      if (record.session.expiration.getTime() <= now.getTime()) throw authError('ExpiredToken', service)
    } else if (claim.securityToken !== undefined) {
      throw authError('InvalidClientTokenId', service)
    }
    this.checkTime(claim.amzDate, claim.scopeDate, claim.expiresSeconds, service, now)
    const expected = Buffer.from(expectedSignature(request, claim, record.secretAccessKey))
    const given = Buffer.from(claim.signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw authError('SignatureDoesNotMatch', service)
    }
    return this.callerOf(claim.accessKeyId, record, claim.region)
  }

  private checkTime(
    amzDate: string | undefined,
    scopeDate: string,
    expiresSeconds: number | undefined,
    service: string,
    now: Date,
  ): void {
    const signed = amzDate === undefined ? undefined : parseAmzDate(amzDate)
    if (!amzDate || !signed) {
      throw authError(
        'IncompleteSignature',
        service,
        `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`,
      )
    }
    if (amzDate.slice(0, 8) !== scopeDate) {
      throw authError(
        'SignatureDoesNotMatch',
        service,
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      )
    }
    const nowText = formatAmzDate(now)
    if (expiresSeconds !== undefined) {
      if (signed.getTime() + expiresSeconds * 1000 < now.getTime()) {
        throw authError('SignatureDoesNotMatch', service, `Signature expired: ${amzDate} is now earlier than ${nowText}`)
      }
      return
    }
    if (signed.getTime() < now.getTime() - this.clockSkewMs) {
      const limit = formatAmzDate(new Date(now.getTime() - this.clockSkewMs))
      throw authError(
        'SignatureDoesNotMatch',
        service,
        `Signature expired: ${amzDate} is now earlier than ${limit} (${nowText} - ${this.clockSkewMs / 60000} min.)`,
      )
    }
    if (signed.getTime() > now.getTime() + this.clockSkewMs) {
      const limit = formatAmzDate(new Date(now.getTime() + this.clockSkewMs))
      throw authError(
        'SignatureDoesNotMatch',
        service,
        `Signature not yet current: ${amzDate} is still later than ${limit} (${nowText} + ${this.clockSkewMs / 60000} min.)`,
      )
    }
  }

  private callerOf(accessKeyId: string, record: KeyRecord, region: string): Caller {
    if (!record.session) {
      return { accessKeyId, arn: `arn:aws:iam::${this.account}:root`, account: this.account, userId: this.account, region }
    }
    const { role, sessionName } = record.session
    return {
      accessKeyId,
      arn: assumedRoleArn(this.account, role.name, sessionName),
      account: this.account,
      userId: `${role.roleId}:${sessionName}`,
      region,
      roleName: role.name,
      sessionName,
    }
  }

  /**
   * Throws AccessDenied (in the protocol of the action's service) unless the caller's
   * policy allows `action` (e.g. `rds:DescribeDBInstances`). `resource` is the ARN the
   * message names, as AWS does; omit it for actions that take no resource.
   */
  authorize(caller: Caller, action: string, resource?: string): void {
    if (!caller.roleName) return // the account's root principal may do anything
    const role = this.roleByName.get(caller.roleName)
    if (role && actionAllowed(role, action)) return
    const service = action.split(':')[0] ?? ''
    const on = resource === undefined ? '' : ` on resource: ${resource}`
    throw authError(
      'AccessDenied',
      protocolOf(service) === 'json' ? service : 'query',
      `User: ${caller.arn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
    )
  }
}

export { AwsAuthError } from './aws-auth-error.js'
