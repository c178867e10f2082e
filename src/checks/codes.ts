// Every finding code the prepare and create modes can report, with the level it is reported
// at and a one-line meaning. This is the single list: the finding-code reference in the
// documentation is generated from it, `finding()` accepts only codes listed here (a typo
// is a compile error), and a unit test holds the list and the sources together.
import type { Finding, Level, Mode } from '../report/types.js'

export interface FindingCodeSpec {
  /** The level it is reported at; 'varies' when the same code is an error or a warning depending on the case. */
  level: Level | 'varies'
  /** The modes that report it. */
  modes: readonly Mode[]
  /** One line: what it means. */
  meaning: string
}

const P = ['prepare'] as const
const C = ['create'] as const
const PC = ['prepare', 'create'] as const

export const FINDING_CODES = {
  // ------------------------------------------------------------------ prepare: the source
  ENGINE_UNSUPPORTED: { level: 'error', modes: P, meaning: 'The source is not RDS for MySQL 5.7+ or Aurora MySQL 2/3 (e.g. a Multi-AZ DB cluster or another engine).' },
  SOURCE_NOT_AVAILABLE: { level: 'error', modes: P, meaning: 'The source is not in the available state; RDS creates deployments only from an available source.' },
  BACKUPS_DISABLED: { level: 'error', modes: P, meaning: 'RDS for MySQL keeps no binary log without automated backups (BackupRetentionPeriod 0).' },
  BINLOG_DISABLED: { level: 'error', modes: P, meaning: "Aurora MySQL: the DB cluster parameter group's binlog_format is OFF, so there is no binary log." },
  BINLOG_FORMAT_MISMATCH: { level: 'error', modes: P, meaning: "binlog_format in blue's parameter group is not the binlog-format wanted (MIXED for RDS for MySQL, ROW for Aurora by default)." },
  DEFAULT_PARAMETER_GROUP: { level: 'warning', modes: P, meaning: 'Blue uses a default parameter group, which cannot be modified: a custom group must be created and attached (a reboot).' },
  PARAMETER_GROUP_PENDING_REBOOT: { level: 'error', modes: P, meaning: "A parameter group is pending-reboot on blue: the server does not run with the group's settings." },
  LIVE_BINLOG_OFF: { level: 'error', modes: P, meaning: 'The running server has log_bin OFF although its settings call for a binary log.' },
  LIVE_BINLOG_FORMAT_MISMATCH: { level: 'error', modes: P, meaning: "The running server's binlog_format is not the wanted one (its group's value is not applied yet)." },
  BINLOG_NO_WRITE_SINCE_RESTART: { level: 'error', modes: P, meaning: "No transaction in blue's binary logs since they were (re)started: green would fail with error 1236 (seed 000)." },
  BINLOG_RETENTION_UNSET: { level: 'warning', modes: P, meaning: "Aurora MySQL 'binlog retention hours' is NULL: binary logs are purged lazily, replication can lose its position." },
  MANAGED_MASTER_PASSWORD: { level: 'error', modes: P, meaning: 'The master password is managed in Secrets Manager, which Blue/Green Deployments do not support.' },
  SOURCE_IS_REPLICA: { level: 'error', modes: P, meaning: 'Blue is itself a replica (an RDS read replica, an Aurora replica cluster, or an external binlog replica).' },
  CASCADING_REPLICA: { level: 'error', modes: P, meaning: "A read replica of blue has read replicas of its own (cascading replicas aren't supported)." },
  CROSS_REGION_REPLICA: { level: 'error', modes: P, meaning: "Blue has a cross-Region read replica (not supported by Blue/Green Deployments)." },
  EVENT_SCHEDULER_ON: { level: 'varies', modes: P, meaning: 'event_scheduler would be ON on green at creation (error), or runs ON on blue and will be OFF on green (warning).' },
  LOWER_CASE_TABLE_NAMES_MISMATCH: { level: 'error', modes: P, meaning: "lower_case_table_names differs between blue and green's parameter groups; RDS refuses the deployment." },
  TABLE_WITHOUT_PRIMARY_KEY: { level: 'warning', modes: P, meaning: 'A table has no primary key: row-based replication to green scans it for every changed row and can fall behind.' },
  MYISAM_TABLE: { level: 'warning', modes: P, meaning: 'A MyISAM table: not transactional, so green can diverge after a crash or an interrupted statement.' },
  LONG_RUNNING_TRANSACTION: { level: 'varies', modes: P, meaning: 'A transaction has been open longer than the threshold; it delays the copy of blue and blocks a switchover.' },
  DEPLOYMENT_EXISTS: { level: 'warning', modes: P, meaning: 'A Blue/Green Deployment already exists for the source; prepare changes nothing while it exists.' },
  DB_CHECKS_SKIPPED: { level: 'info', modes: P, meaning: 'No database credentials: the checks of the running server were skipped.' },
  DB_UNREACHABLE: { level: 'warning', modes: PC, meaning: 'Database credentials were given but the connection to blue failed; the checks of the running server were skipped.' },
  DB_CHECK_FAILED: { level: 'warning', modes: PC, meaning: 'One check of the running server failed (e.g. a missing privilege); the others ran.' },
  REBOOT_REQUIRED: { level: 'error', modes: P, meaning: 'Finishing the preparation needs a reboot of blue and allow-reboot is not true; nothing that needs one was changed.' },
  CUSTOM_GROUP_CONFLICT: { level: 'error', modes: P, meaning: 'The custom parameter group prepare would create exists already with another family.' },
  HEARTBEAT_NOT_WRITTEN: { level: 'error', modes: P, meaning: 'The binary log was just (re)started but no row could be written without database credentials (seed 000: 1236).' },

  // ------------------------------------------------------------------ prepare: green's settings
  TARGET_PARAMETER_GROUP_NOT_FOUND: { level: 'error', modes: P, meaning: 'target-db-parameter-group or target-db-cluster-parameter-group names a group that does not exist.' },
  TARGET_BINLOG_FORMAT: { level: 'varies', modes: P, meaning: "The target parameter group's binlog_format is not the wanted one (seed 000 step 3); OFF on Aurora is an error." },
  TARGET_PARAMETER_GROUP_UNSET: { level: 'warning', modes: P, meaning: "A major version upgrade without a target parameter group: green gets the new family's default group." },
  TARGET_INPUT_NOT_APPLICABLE: { level: 'error', modes: PC, meaning: 'A target input that does not apply to this kind of source (e.g. target-instance-class for Aurora).' },

  // ------------------------------------------------------------------ prepare and create
  HEARTBEAT_WRITTEN: { level: 'info', modes: PC, meaning: "A row was written to the action's heartbeat table on blue so green starts from a real binlog position." },

  // ------------------------------------------------------------------ create
  DEPLOYMENT_ADOPTED: { level: 'info', modes: C, meaning: 'A deployment with this name already existed for the source; create followed it instead of creating another.' },
  DEPLOYMENT_NAME_CONFLICT: { level: 'error', modes: C, meaning: 'The source already has a deployment under another name; RDS allows one per source.' },
  DEPLOYMENT_NOT_FOUND: { level: 'error', modes: C, meaning: 'The deployment identifier given in `deployment` does not exist.' },
  DEPLOYMENT_WRONG_SOURCE: { level: 'error', modes: C, meaning: 'The deployment given in `deployment` belongs to another source.' },
  DEPLOYMENT_ALREADY_SWITCHED_OVER: { level: 'error', modes: C, meaning: 'The deployment for the source has been switched over already; clean it up before creating another.' },
  DEPLOYMENT_BUSY: { level: 'error', modes: C, meaning: 'The deployment is switching over or being deleted; create cannot follow it now.' },
  DEPLOYMENT_SWITCHOVER_FAILED: { level: 'warning', modes: C, meaning: 'The adopted deployment had a failed (rolled back) switchover; green is kept and still replicates.' },
  CREATE_REFUSED: { level: 'error', modes: C, meaning: 'RDS refused CreateBlueGreenDeployment; its error code and message are in the finding.' },
  DEPLOYMENT_INVALID_CONFIGURATION: { level: 'error', modes: C, meaning: 'The deployment ended INVALID_CONFIGURATION; StatusDetails and the recent RDS events say why.' },
  DEPLOYMENT_TASK_FAILED: { level: 'error', modes: C, meaning: "A task of the deployment's creation FAILED." },
  CREATE_TIMEOUT: { level: 'error', modes: C, meaning: 'The deployment or green was not ready within create-timeout.' },
  GREEN_REBOOTED: { level: 'info', modes: C, meaning: "A green member whose parameter group was pending-reboot was rebooted (seed 000 step 4-2)." },
  GREEN_REPLICATION_ERROR: { level: 'error', modes: C, meaning: "RDS reports green's replication from blue in error (e.g. 1236)." },
} as const satisfies Record<string, FindingCodeSpec>

export type FindingCode = keyof typeof FINDING_CODES

/** A finding whose code is in FINDING_CODES (checked at compile time). */
export function finding(f: Omit<Finding, 'code'> & { code: FindingCode }): Finding {
  return f
}

/** The codes a mode reports, for its reference page. */
export function codesOf(mode: Mode): { code: FindingCode; spec: FindingCodeSpec }[] {
  return (Object.entries(FINDING_CODES) as [FindingCode, FindingCodeSpec][])
    .filter(([, spec]) => spec.modes.includes(mode))
    .map(([code, spec]) => ({ code, spec }))
}
