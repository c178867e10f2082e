// Every finding code the cleanup mode reports, with its level and a one-line meaning. This
// is the single list the finding-code reference is generated from; cleanupFinding() accepts
// only codes listed here (a typo is a compile error) and takes the level from the list.
import type { Finding, Level } from '../../report/types.js'

export interface CodeSpec {
  level: Level
  meaning: string
}

export const CLEANUP_FINDING_CODES = {
  SOURCE_NOT_FOUND: { level: 'error', meaning: 'No DB instance or Aurora DB cluster has the source name, so there is nothing to clean up for it.' },
  CLEANUP_NOTHING_TO_DO: { level: 'info', meaning: 'No deployment (and nothing else asked for) was left to delete: a second run after a cleanup says this.' },
  DEPLOYMENT_NOT_SWITCHED_OVER: { level: 'error', meaning: 'The deployment has not switched over; cleanup refuses to touch it unless abandon: true deletes it with green.' },
  ABANDON_AFTER_SWITCHOVER: { level: 'error', meaning: 'abandon: true was given but the deployment has switched over: green is production now and is never deleted.' },
  SWITCHOVER_IN_PROGRESS: { level: 'error', meaning: 'A switchover is running; nothing can be deleted until it completes or fails.' },
  DEPLOYMENT_DELETED: { level: 'info', meaning: 'The Blue/Green Deployment was deleted (after a switchover: without DeleteTarget, so no database was touched).' },
  DEPLOYMENT_ABANDONED: { level: 'info', meaning: 'The deployment was deleted before a switchover with DeleteTarget=true: green is gone, blue untouched.' },
  DEPLOYMENT_DELETION_PENDING: { level: 'info', meaning: 'The deployment was already being deleted; cleanup waited until it was gone.' },
  OLD_BLUE_DELETED: { level: 'info', meaning: 'The old blue (<name>-old1) was deleted, with or without a final snapshot as asked.' },
  OLD_BLUE_ALREADY_GONE: { level: 'info', meaning: 'The old blue named by the deployment no longer exists (an earlier run or someone else deleted it).' },
  OLD_BLUE_KEPT: { level: 'info', meaning: 'delete-old is false: the old blue stays; deleting the deployment lifts its read-only protection.' },
  OLD_BLUE_UNLINKED: { level: 'info', meaning: 'No deployment links the source to an old blue, but a <name>-oldN database exists; cleanup does not guess and leaves it.' },
  FINAL_SNAPSHOT_TAKEN: { level: 'info', meaning: 'The final snapshot of the old blue exists (DescribeDBSnapshots / DescribeDBClusterSnapshots shows it).' },
  FINAL_SNAPSHOT_SKIPPED: { level: 'warning', meaning: 'final-snapshot: false deleted the old blue without a final snapshot: its data is gone.' },
  FINAL_SNAPSHOT_EXISTS: { level: 'error', meaning: 'A snapshot with the final-snapshot-identifier already exists; RDS would refuse the deletion.' },
  FINAL_SNAPSHOT_MISSING: { level: 'error', meaning: 'The old blue was deleted but its final snapshot cannot be found.' },
  DELETION_PROTECTION_ON: { level: 'error', meaning: 'A database to delete has deletion protection on; it is reported with the command to turn it off, never turned off by the action.' },
  GREEN_DELETED: { level: 'info', meaning: "Green's instances (and Aurora cluster) no longer exist after abandoning the deployment." },
  BLUE_UNTOUCHED: { level: 'info', meaning: 'After abandoning, blue still exists under its name and is available.' },
  HEARTBEAT_TABLE_DROPPED: { level: 'info', meaning: "The action's heartbeat table was dropped on the current primary." },
  HEARTBEAT_TABLE_ABSENT: { level: 'info', meaning: 'The heartbeat table does not exist on the current primary (already dropped, or never created).' },
  HEARTBEAT_TABLE_NOT_DROPPED: { level: 'error', meaning: 'The heartbeat table could not be checked or dropped (the database was unreachable or refused).' },
  HEARTBEAT_TABLE_NOT_OURS: { level: 'error', meaning: "The table named by heartbeat-table lacks the action's marker comment: it may be a user table and is never dropped." },
  CLEANUP_WAIT_TIMEOUT: { level: 'error', meaning: 'A deletion did not finish within wait-timeout; RDS may still be working on it.' },
} as const satisfies Record<string, CodeSpec>

export type CleanupCode = keyof typeof CLEANUP_FINDING_CODES

/** A finding whose level comes from the list. Errors and warnings need a remedy. */
export function cleanupFinding(code: CleanupCode, subject: string, message: string, remedy?: string): Finding {
  const { level } = CLEANUP_FINDING_CODES[code]
  return { level, code, subject, message, ...(remedy ? { remedy } : {}) }
}
