// The green readiness checks. fastReadinessChecks is the switchover gate (read-only, quick);
// verify runs it plus the slower checks. Every check is callable on its own.
export {
  checkFailed,
  fastReadinessChecks,
  GATE_DB_CHECKS,
  type FastCheckOptions,
  type FastCheckResult,
  type ReadinessDeps,
} from './gate.js'
export { checkDeploymentState, deploymentSubject, pendingTasks } from './deployment-state.js'
export { checkGreenMembers, replicationStatusInfos } from './green-members.js'
export { readGreenEvents, replicationErrorEvents, type ReplicationErrorEvent } from './rds-events.js'
export { checkReplicaLag, checkReplicationHealth, type ReplicationHealth } from './replication-health.js'
export { binlogNotFoundFinding, firstBinlogOf } from './binlog-not-found.js'
export { duplicateKeyFinding, parseDuplicateKeyError, type DuplicateKeyError } from './duplicate-key.js'
export { connectFor, credentialsMissing } from './connect.js'
export type { CheckResult } from './types.js'
