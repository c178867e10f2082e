// Deleting the old blue after a switchover: the RDS for MySQL instance, or the Aurora
// cluster (its instances first, then the cluster), with a final snapshot unless
// final-snapshot: false. Deletion protection is reported with the exact command to turn it
// off and stops the deletion: the action never turns it off itself.
import {
  DeleteDBClusterCommand,
  DeleteDBInstanceCommand,
  type DBInstance,
} from '@aws-sdk/client-rds'
import type { RdsArn } from '../../rds/arn.js'
import { type Database, findDatabase } from '../../rds/database.js'
import { type ModeContext, describeCall } from '../context.js'
import { snapshotStatus } from '../../rds/snapshots.js'
import { freeSnapshotId } from './snapshot-id.js'
import { waitUntilGone } from './wait.js'
import { finding } from '../../findings/finding.js'

export type OldBlueOutcome = 'deleted' | 'gone' | 'blocked' | 'planned'

/** The `aws rds ...` command that turns deletion protection off, for the finding's remedy. */
export function deletionProtectionCommand(kind: 'instance' | 'cluster', identifier: string, region: string): string {
  return kind === 'instance'
    ? `aws rds modify-db-instance --db-instance-identifier ${identifier} --no-deletion-protection --apply-immediately --region ${region}`
    : `aws rds modify-db-cluster --db-cluster-identifier ${identifier} --no-deletion-protection --apply-immediately --region ${region}`
}

/** Findings for every resource of `db` that has deletion protection on (RDS would refuse to delete it). */
export function protectedResources(db: Database, region: string, role: string) {
  const found: Array<{ kind: 'instance' | 'cluster'; identifier: string; command: string }> = []
  if (db.cluster?.DeletionProtection) {
    found.push({ kind: 'cluster', identifier: db.identifier, command: deletionProtectionCommand('cluster', db.identifier, region) })
  }
  // Aurora instances carry the cluster's setting; only a standalone instance has its own.
  if (db.kind === 'instance' && db.instances[0]?.DeletionProtection) {
    found.push({ kind: 'instance', identifier: db.identifier, command: deletionProtectionCommand('instance', db.identifier, region) })
  }
  return found.map((p) =>
    finding({
      code: 'DELETION_PROTECTION_ON',
      subject: p.identifier,
      message: `${role} ${p.kind === 'cluster' ? 'DB cluster' : 'DB instance'} ${p.identifier} has deletion protection on, so RDS refuses to delete it; nothing was deleted.`,
      remedy: `If it really should go, turn deletion protection off yourself: \`${p.command}\`, then run cleanup again. The action never turns it off.`,
    }),
  )
}

/** Deletes the old blue named by the deployment's Source; reports every step as findings. */
export async function deleteOldBlue(ctx: ModeContext<'cleanup'>, old: RdsArn): Promise<OldBlueOutcome> {
  const region = ctx.aws.config.region
  const db = await findDatabase(ctx.rds, old.identifier, old.kind)
  if (!db) {
    ctx.report.finding(finding({
      code: 'OLD_BLUE_ALREADY_GONE',
      subject: old.identifier,
      message: `The old blue ${old.identifier} no longer exists: there is nothing to delete.`,
    }))
    return 'gone'
  }
  if (db.identifier === ctx.inputs.source.identifier) {
    // Never reached with RDS's renames; a guard against deleting production by a mislabelled deployment.
    throw new Error(`Refusing to delete ${db.identifier}: it is the source itself, not an old blue`)
  }

  const alreadyDeleting = db.status === 'deleting'
  let snapshotId: string | undefined
  if (!alreadyDeleting) {
    const protectedFindings = protectedResources(db, region, 'The old blue')
    if (protectedFindings.length > 0) {
      for (const f of protectedFindings) ctx.report.finding(f)
      return 'blocked'
    }
    if (ctx.inputs.finalSnapshot) {
      if (ctx.inputs.finalSnapshotIdentifier) {
        snapshotId = ctx.inputs.finalSnapshotIdentifier
        if ((await snapshotStatus(ctx.rds, db.kind, snapshotId)) !== undefined) {
          ctx.report.finding(
            finding({
              code: 'FINAL_SNAPSHOT_EXISTS',
              subject: snapshotId,
              message: `A ${db.kind === 'cluster' ? 'DB cluster snapshot' : 'DB snapshot'} named ${snapshotId} already exists, so RDS would refuse to delete ${db.identifier} with it as the final snapshot; nothing was deleted.`,
            }),
          )
          return 'blocked'
        }
      } else {
        snapshotId = await freeSnapshotId(ctx.rds, db.kind, db.identifier, ctx.now())
      }
    }
    if (!(await issueDeletion(ctx, db, snapshotId))) return 'planned'
  }

  const gone = await waitUntilGone(ctx, `old blue ${db.identifier} to be deleted`, db.identifier, async () => {
    const now = await findDatabase(ctx.rds, old.identifier, old.kind)
    return now === undefined ? true : now.status
  })
  if (!gone) return 'blocked'

  const how = alreadyDeleting ? ' (its deletion had already been started)' : ''
  if (snapshotId) {
    const status = await snapshotStatus(ctx.rds, db.kind, snapshotId)
    ctx.report.finding(finding({
      code: 'OLD_BLUE_DELETED',
      subject: db.identifier,
      message: `The old blue ${db.kind === 'cluster' ? 'DB cluster' : 'DB instance'} ${db.identifier} was deleted${how}, with final snapshot ${snapshotId}.`,
    }))
    if (status) {
      ctx.report.finding(finding({
        code: 'FINAL_SNAPSHOT_TAKEN',
        subject: snapshotId,
        message: `Final snapshot ${snapshotId} of ${db.identifier} exists (status ${status}).`,
      }))
    } else {
      ctx.report.finding(
        finding({
          code: 'FINAL_SNAPSHOT_MISSING',
          subject: snapshotId,
          message: `${db.identifier} was deleted but its final snapshot ${snapshotId} cannot be found.`,
          remedy: `Look for it with \`aws rds describe-db-${db.kind === 'cluster' ? 'cluster-' : ''}snapshots --region ${region}\`; if it is missing, the old blue's data is gone.`,
        }),
      )
    }
  } else {
    ctx.report.finding(finding({
      code: 'OLD_BLUE_DELETED',
      subject: db.identifier,
      message: `The old blue ${db.kind === 'cluster' ? 'DB cluster' : 'DB instance'} ${db.identifier} was deleted${how}${alreadyDeleting ? '' : ' without a final snapshot (final-snapshot: false)'}.`,
    }))
    if (!alreadyDeleting) {
      ctx.report.finding(
        finding({
          code: 'FINAL_SNAPSHOT_SKIPPED',
          subject: db.identifier,
          message: `${db.identifier} was deleted without a final snapshot, as final-snapshot: false asked: its data cannot be restored from it.`,
        }),
      )
    }
  }
  return 'deleted'
}

/** Sends the deletion calls; false in dry-run (nothing was sent). */
async function issueDeletion(ctx: ModeContext<'cleanup'>, db: Database, snapshotId: string | undefined): Promise<boolean> {
  if (db.kind === 'instance') {
    const command = new DeleteDBInstanceCommand({
      DBInstanceIdentifier: db.identifier,
      ...(snapshotId ? { FinalDBSnapshotIdentifier: snapshotId } : { SkipFinalSnapshot: true }),
    })
    return (await ctx.act(describeCall(command), () => ctx.rds.send(command))) !== undefined
  }
  // Aurora: the cluster's instances first (readers before the writer, so RDS does not fail
  // over onto an instance about to go), then the cluster with its final snapshot.
  const instances = [...db.instances].reverse().filter((i: DBInstance) => i.DBInstanceStatus !== 'deleting')
  let sent = true
  for (const instance of instances) {
    const command = new DeleteDBInstanceCommand({ DBInstanceIdentifier: instance.DBInstanceIdentifier })
    if ((await ctx.act(describeCall(command), () => ctx.rds.send(command))) === undefined) sent = false
  }
  const command = new DeleteDBClusterCommand({
    DBClusterIdentifier: db.identifier,
    ...(snapshotId ? { FinalDBSnapshotIdentifier: snapshotId } : { SkipFinalSnapshot: true }),
  })
  if ((await ctx.act(describeCall(command), () => ctx.rds.send(command))) === undefined) sent = false
  return sent
}
