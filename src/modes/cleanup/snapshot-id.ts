// The final snapshot's identifier: final-snapshot-identifier when given, otherwise derived
// from the old blue's name and the time (e.g. orders-old1-final-20260131-142500), with a
// counter added while a snapshot of that name exists, so a derived name is always new.
import type { RDSClient } from '@aws-sdk/client-rds'
import type { DatabaseKind } from '../../rds/arn.js'
import { snapshotStatus } from '../../rds/snapshots.js'

const MAX_LENGTH = 255

/** `<name>-final-YYYYMMDD-HHMMSS` in UTC, cut to RDS's length limit, without a trailing or double hyphen. */
export function derivedSnapshotId(identifier: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  const suffix = `-final-${stamp}`
  const base = identifier.replace(/[^A-Za-z0-9-]/g, '-').replace(/-{2,}/g, '-').replace(/-$/, '')
  const start = /^[A-Za-z]/.test(base) ? base : `db-${base}`
  return `${start.slice(0, MAX_LENGTH - suffix.length - 3).replace(/-$/, '')}${suffix}`
}

/** A derived identifier no snapshot has yet: the base name, then -2, -3, ... */
export async function freeSnapshotId(rds: RDSClient, kind: DatabaseKind, identifier: string, at: number): Promise<string> {
  const base = derivedSnapshotId(identifier, at)
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`
    if ((await snapshotStatus(rds, kind, id)) === undefined) return id
  }
}
