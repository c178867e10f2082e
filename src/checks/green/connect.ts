// Opening a connection for a check: a failure becomes a DB_UNREACHABLE finding (with the
// endpoint RDS reported and the error), never a crash, so the API-level checks still report.
import type { Connection, DbConnector, Endpoint } from '../../db/connector.js'
import { finding, type Finding } from '../../findings/finding.js'
import { errorLine } from '../../error-line.js'

export type Connected = { conn: Connection; finding?: undefined } | { conn?: undefined; finding: Finding }

/** `role` names the side for messages: "blue" or "green". */
export async function connectFor(db: DbConnector, endpoint: Endpoint, role: string, subject: string, notChecked: string[] = []): Promise<Connected> {
  try {
    return { conn: await db.connect(endpoint) }
  } catch (error) {
    const what = notChecked.length ? ` Not checked: ${notChecked.join('; ')}.` : ''
    return {
      finding: finding({
        code: 'DB_UNREACHABLE',
        subject,
        message: `Could not connect to ${role} at ${endpoint.host}:${endpoint.port} (the endpoint RDS reports): ${errorLine(error)}.${what}`,
      }),
    }
  }
}

export function credentialsMissing(subject: string, notChecked: string[]): Finding {
  return finding({
    code: 'DB_CREDENTIALS_MISSING',
    subject,
    message: `No database credentials were given, so only what the RDS API shows was checked; green's readiness is unproven. Not checked: ${notChecked.join('; ')}.`,
  })
}
