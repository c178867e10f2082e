// The sandbox's IAM roles: what each may do (a list of allowed actions, with IAM's
// wildcards) and who may assume it through OIDC (a trust rule equivalent to the trust
// policy GitHub's documentation recommends:
//   StringEquals token.actions.githubusercontent.com:aud = sts.amazonaws.com
//   StringLike   token.actions.githubusercontent.com:sub = repo:octo-org/app:*).
import { randomBytes } from 'node:crypto'

export const DEFAULT_ACCOUNT = '123456789012'
export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com'

export interface TrustRule {
  /** The OIDC provider (issuer host, as IAM names it). Default: GitHub's. */
  provider?: string
  /** StringEquals on the token's `aud`. Default: sts.amazonaws.com. */
  audience?: string | string[]
  /** StringLike on the token's `sub`, with IAM's `*` and `?` wildcards. */
  subject: string | string[]
}

export interface RoleConfig {
  name: string
  trust: TrustRule
  /** Actions the role's policy allows, e.g. `rds:Describe*`, `secretsmanager:GetSecretValue`, `*`. */
  allowedActions: string[]
  /** IAM's MaxSessionDuration: 3600 to 43200 seconds, default 3600. */
  maxSessionDurationSeconds?: number
}

export interface Role {
  name: string
  arn: string
  /** The unique id IAM gives a role (AROA...), the first half of AssumedRoleId. */
  roleId: string
  trust: Required<TrustRule>
  allowedActions: string[]
  maxSessionDurationSeconds: number
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** `length` characters of the alphabet AWS uses in key and principal ids. */
export function awsIdChars(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ID_ALPHABET[byte % ID_ALPHABET.length]
  return out
}

export function roleArn(account: string, name: string): string {
  return `arn:aws:iam::${account}:role/${name}`
}

export function assumedRoleArn(account: string, roleName: string, sessionName: string): string {
  return `arn:aws:sts::${account}:assumed-role/${roleName}/${sessionName}`
}

export function oidcProviderArn(account: string, host: string): string {
  return `arn:aws:iam::${account}:oidc-provider/${host}`
}

export function createRole(account: string, config: RoleConfig): Role {
  if (!ROLE_NAME.test(config.name)) {
    throw new Error(`Role name '${config.name}' is not valid: use 1 to 64 letters, digits or +=,.@_-`)
  }
  const max = config.maxSessionDurationSeconds ?? 3600
  if (!Number.isInteger(max) || max < 3600 || max > 43200) {
    throw new Error(`maxSessionDurationSeconds ${max} for role '${config.name}' is not valid: use 3600 to 43200 seconds`)
  }
  return {
    name: config.name,
    arn: roleArn(account, config.name),
    roleId: `AROA${awsIdChars(17)}`,
    trust: {
      provider: config.trust.provider ?? GITHUB_OIDC_HOST,
      audience: config.trust.audience ?? 'sts.amazonaws.com',
      subject: config.trust.subject,
    },
    allowedActions: [...config.allowedActions],
    maxSessionDurationSeconds: max,
  }
}

/** IAM's StringLike: `*` any run of characters, `?` any one character. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value)
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value]
}

/** IAM compares action names case-insensitively, with wildcards. */
export function actionAllowed(role: Pick<Role, 'allowedActions'>, action: string): boolean {
  return role.allowedActions.some((pattern) => wildcardMatch(pattern, action, true))
}

/** Whether a verified token's claims satisfy the role's trust rule. */
export function trustAllows(role: Role, providerHost: string, claims: { aud: string[]; sub: string }): boolean {
  if (role.trust.provider !== providerHost) return false
  const audiences = list(role.trust.audience)
  if (!claims.aud.some((aud) => audiences.includes(aud))) return false
  return list(role.trust.subject).some((pattern) => wildcardMatch(pattern, claims.sub))
}
