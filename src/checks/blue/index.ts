// Preflight checks of blue (the source), each usable on its own and each returning Findings
// with codes from ../codes.ts. API-level checks take what describeDatabase and
// readParameterGroup return; live checks take a MySQL connection to blue's writer.
export { checkBackups } from './backups.js'
export { binlogFix, binlogGroupOf, checkBinlogSettings } from './binlog-settings.js'
export { checkBinlogRetention, readBinlogRetentionHours } from './binlog-retention.js'
export { binlogHasTransactions, checkBinlogWrites } from './binlog-writes.js'
export { customGroupDescription, customGroupName } from './custom-group.js'
export { checkExistingDeployment } from './deployment.js'
export { checkEngine } from './engine.js'
export { checkEventScheduler } from './event-scheduler.js'
export { checkExternalReplication } from './external-replication.js'
export { greenGroups } from './green-groups.js'
export {
  checkLongTransactions,
  DEFAULT_LONG_TRANSACTION_SECONDS,
  readLongTransactions,
  type LongTransaction,
  type LongTransactionOptions,
} from './long-transactions.js'
export { checkLowerCaseTableNames } from './lower-case.js'
export { checkMasterPassword } from './master-password.js'
export { checkParameterGroupSync } from './parameter-sync.js'
export { checkReplicaTopology, sameRegionReplicaIds } from './replicas.js'
export { checkLiveBinlog, readServerState, type ConfiguredBinlog, type ServerState } from './server-state.js'
export type { SqlRunner } from './sql.js'
export { checkSourceStatus } from './status.js'
export { checkTables, readTableRisks, type TableRisk } from './tables.js'
export { checkTargetGroups, majorVersion, targetBinlogGroup } from './target-groups.js'
export { checkTargetInputs } from './target-inputs.js'
export { defaultBinlogFormat, type BlueGroups, type TargetGroups } from './types.js'
