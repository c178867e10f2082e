// Opens mysql2/promise connections to an endpoint RDS reported (host and port), with the
// run's credentials and TLS settings. Modes never build connection options themselves.
import mysql from 'mysql2/promise'
import type { Connection, ConnectionOptions } from 'mysql2/promise'
import type { DbInputs } from '../inputs/types.js'
import type { DbLoginSource, Endpoint } from './credentials.js'
import { mysqlSslOptions } from './tls.js'

export type { Connection, Endpoint }

export interface ConnectOptions {
  /** Default schema; db-name when omitted. */
  database?: string
  /** Overrides db-connect-timeout (the prober uses less than its interval). */
  connectTimeoutMs?: number
  multipleStatements?: boolean
}

export interface DbConnector {
  /** False when no credentials were given: connect() then fails with a message naming the inputs. */
  readonly configured: boolean
  connect(endpoint: Endpoint, options?: ConnectOptions): Promise<Connection>
  /** The mysql2 options connect() would use, with the password left out (for tests and debugging). */
  options(endpoint: Endpoint, options?: ConnectOptions): Promise<Omit<ConnectionOptions, 'password'>>
  /**
   * The full mysql2 options connect() would use, password or IAM token included, for code
   * that opens its own connections with the run's credentials and TLS (the switchover
   * prober opens one per probe). The password is already a registered secret; never log these.
   */
  credentialedOptions(endpoint: Endpoint, options?: ConnectOptions): Promise<ConnectionOptions>
}

export function createDbConnector(db: DbInputs, login: DbLoginSource): DbConnector {
  // Read the CA bundle file once, not per connection.
  const ssl = mysqlSslOptions(db.tls, db.caBundlePath)

  const build = async (endpoint: Endpoint, options: ConnectOptions = {}): Promise<ConnectionOptions> => {
    const { user, password, cleartext } = await login(endpoint)
    const database = options.database ?? db.database
    return {
      host: endpoint.host,
      port: endpoint.port,
      user,
      password,
      ...(database ? { database } : {}),
      ...(ssl ? { ssl } : {}),
      connectTimeout: options.connectTimeoutMs ?? db.connectTimeoutMs,
      // RDS IAM authentication: the server asks for mysql_clear_password; the token goes
      // in clear inside TLS (the parser refuses db-iam-auth with db-tls: disable).
      ...(cleartext && ssl ? { enableCleartextPlugin: true } : {}),
      multipleStatements: options.multipleStatements ?? false,
      supportBigNumbers: true,
      timezone: 'Z',
    }
  }

  return {
    configured: db.auth.kind !== 'none',
    async connect(endpoint, options) {
      return mysql.createConnection(await build(endpoint, options))
    },
    async options(endpoint, options) {
      const { password: _password, ...rest } = await build(endpoint, options)
      return rest
    },
    credentialedOptions: build,
  }
}

/** Closes a connection, ignoring errors: it may already be gone, and nothing waits on it. */
export async function closeQuietly(conn: { end(): Promise<void> } | null | undefined): Promise<void> {
  await conn?.end().catch(() => undefined)
}
