// The secrets the sandbox's Secrets Manager holds. Each has the ARN Secrets Manager
// gives it (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random chars>) and
// is found, like there, by name, by full ARN, or by partial ARN (without the suffix).
import { randomBytes, randomUUID } from 'node:crypto'

export interface StoredSecret {
  name: string
  arn: string
  secretString: string
  versionId: string
  versionStages: string[]
  createdDate: Date
}

export interface SecretStoreOptions {
  account: string
  region: string
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const NAME = /^[\w/+=.@!-]{1,512}$/

function suffix(): string {
  let out = ''
  for (const byte of randomBytes(6)) out += SUFFIX_ALPHABET[byte % SUFFIX_ALPHABET.length]
  return out
}

export class SecretStore {
  private readonly byName = new Map<string, StoredSecret>()

  constructor(readonly options: SecretStoreOptions) {}

  /** Creates the secret, or puts a new current version of it. Objects are stored as JSON. */
  put(name: string, value: string | Record<string, unknown>): StoredSecret {
    if (!NAME.test(name)) {
      throw new Error(`Secret name '${name}' is not valid: use 1 to 512 letters, digits or /_+=.@!-`)
    }
    const existing = this.byName.get(name)
    const secret: StoredSecret = {
      name,
      arn: existing?.arn ?? `arn:aws:secretsmanager:${this.options.region}:${this.options.account}:secret:${name}-${suffix()}`,
      secretString: typeof value === 'string' ? value : JSON.stringify(value),
      versionId: randomUUID(),
      versionStages: ['AWSCURRENT'],
      createdDate: existing?.createdDate ?? new Date(),
    }
    this.byName.set(name, secret)
    return secret
  }

  /** Finds a secret by name, full ARN or partial ARN, as GetSecretValue's SecretId. */
  find(secretId: string): StoredSecret | undefined {
    if (!secretId.startsWith('arn:')) return this.byName.get(secretId)
    const prefix = `arn:aws:secretsmanager:${this.options.region}:${this.options.account}:secret:`
    if (!secretId.startsWith(prefix)) return undefined
    for (const secret of this.byName.values()) {
      if (secret.arn === secretId || `${prefix}${secret.name}` === secretId) return secret
    }
    return undefined
  }

  delete(secretId: string): boolean {
    const secret = this.find(secretId)
    return secret ? this.byName.delete(secret.name) : false
  }

  get secrets(): StoredSecret[] {
    return [...this.byName.values()]
  }
}
