// Opening a connection for a check: a failure becomes a DB_UNREACHABLE finding (with the
// endpoint RDS reported and the error), never a crash, so the API-level checks still report.
import type { Connection, DbConnector, Endpoint } from '../../db/connector.js'
import type { Finding } from '../../report/types.js'
import { CODES } from './codes.js'
import { oneLine } from './sql.js'

export type Connected = { conn: Connection; finding?: undefined } | { conn?: undefined; finding: Finding }

/** `role` names the side for messages: "blue" or "green". */
export async function connectFor(db: DbConnector, endpoint: Endpoint, role: string, subject: string, notChecked: string[] = []): Promise<Connected> {
  try {
    return { conn: await db.connect(endpoint) }
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const what = notChecked.length ? ` Not checked: ${notChecked.join('; ')}.` : ''
    return {
      finding: {
        level: 'error',
        code: CODES.DB_UNREACHABLE,
        subject,
        message: `Could not connect to ${role} at ${endpoint.host}:${endpoint.port} (the endpoint RDS reports): ${typeof code === 'string' ? `${code}: ` : ''}${oneLine(error)}.${what}`,
        remedy:
          'Run the job where it can reach the database (a self-hosted runner in the VPC, or a security group rule for the runner), and check the credentials (db-user/db-password, db-secret-arn or db-iam-auth) and db-tls / db-ca-bundle.',
      },
    }
  }
}

/** Closes a connection, ignoring errors (it may already be gone). */
export async function closeQuietly(conn: { end(): Promise<void> } | undefined): Promise<void> {
  if (!conn) return
  try {
    await conn.end()
  } catch {
    // already closed
  }
}

export function credentialsMissing(subject: string, notChecked: string[]): Finding {
  return {
    level: 'error',
    code: CODES.DB_CREDENTIALS_MISSING,
    subject,
    message: `No database credentials were given, so only what the RDS API shows was checked; green's readiness is unproven. Not checked: ${notChecked.join('; ')}.`,
    remedy: 'Give verify database credentials: db-user with db-password (from a secret), db-secret-arn, or db-iam-auth: true.',
  }
}
