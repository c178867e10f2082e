// Assertions on green's real replication, shared by the prepare/create tests: green's
// server, as the master user through its RDS endpoint, must replicate from blue without
// error (seed 000's 1236 shows up here as Last_IO_Errno 1236).
import type { Sandbox } from '../../sandbox/index.js'
import { readReplicaStatus, type ReplicaStatus } from '../../src/db/replica-status.js'
import { waitFor } from '../sandbox/helpers.js'

/** Green's replica status once both threads run, after the sandbox's replication watcher had time to see errors. */
export async function greenReplication(sandbox: Sandbox, greenInstance: string): Promise<ReplicaStatus | undefined> {
  // Give the IO thread time to connect and fail if it is going to (1236 comes within ms).
  await new Promise((r) => setTimeout(r, 1000))
  const conn = await sandbox.connect({ instance: greenInstance })
  try {
    return await waitFor(() => readReplicaStatus(conn), (s) => s === undefined || s.lastIoErrno !== 0 || (s.ioRunning === 'Yes' && s.sqlRunning === 'Yes'), 10_000)
  } finally {
    await conn.end()
  }
}

/** Heartbeat rows of a kind on a server (root over its socket). */
export async function heartbeatRows(sandbox: Sandbox, instance: string, kind = 'prepare'): Promise<{ token: string }[]> {
  return sandbox
    .server(instance)
    .query<{ token: string }>('SELECT token FROM rds_blue_green.heartbeat WHERE kind = ?', [kind])
    .catch(() => [])
}
