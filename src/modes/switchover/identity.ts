// Which server answers on a connection, read the same way the prober reads it, so the
// identities the mode reads (blue and green before, the endpoint after) compare with the
// probes' (identityKey: Aurora's instance id, else server_id and hostname together).
import { identityKey } from '../../probe/index.js'
import type { ServerIdentity } from '../../probe/types.js'
import type { Queryable } from '../../db/sql.js'
import { ER, errno } from '../../db/errno.js'


export async function readServerIdentity(conn: Queryable): Promise<ServerIdentity> {
  const [rows] = (await conn.query('SELECT @@server_id AS server_id, @@hostname AS hostname, @@read_only AS read_only, @@version AS version')) as [
    Array<Record<string, unknown>>,
    unknown,
  ]
  const row = rows[0] ?? {}
  const identity: ServerIdentity = {
    serverId: Number(row.server_id ?? 0),
    hostname: String(row.hostname ?? ''),
    readOnly: Number(row.read_only ?? 0) === 1,
    version: String(row.version ?? ''),
  }
  try {
    const [aurora] = (await conn.query('SELECT @@aurora_server_id AS id')) as [Array<{ id: unknown }>, unknown]
    if (aurora[0]?.id) identity.auroraServerId = String(aurora[0].id)
  } catch (error) {
    if (errno(error) !== ER.UNKNOWN_SYSTEM_VARIABLE) throw error
  }
  return identity
}

export function sameServer(a: ServerIdentity | undefined, b: ServerIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && identityKey(a) === identityKey(b)
}

export { identityKey }
