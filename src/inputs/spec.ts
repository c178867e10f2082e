// Every input the action declares, once: its section of action.yml, its default and its
// description. action.yml's `inputs:` is generated from this list (`npm run docs`, checked
// by a test), so a default or a range is written in one place. The runner fills action.yml's
// defaults in, but `node dist/index.js` run by hand or by a test gets only what it is given,
// so the reader (./reader.ts) applies the same defaults.
//
// Adding an input: one entry here (a default, or `required: true`), its parsing in ./parse.ts
// into the mode's inputs (./types.ts), then `npm run docs` rewrites action.yml and
// docs/reference/inputs.md. A range or default that code also needs (like probe-interval's)
// comes from a constant the description and the parser both use.
import { PROBE_INTERVAL } from '../probe/options.js'
import { formatDuration } from './values.js'

interface InputSpec {
  /** The comment line action.yml groups it under. */
  section: string
  required?: true
  /** The value an empty or missing input takes. */
  default?: string
  /** What action.yml declares instead, when the runner evaluates an expression for it. */
  runnerDefault?: string
  description: string
}

export const INPUTS = {
  // what to do
  mode: { section: 'what to do', required: true, description: 'The stage to run: prepare (preflight blue and, with apply, fix what creation needs), create (create the deployment and wait until green is usable), verify (prove green is an in-sync, compatible replica), switchover (switch with interruption measurement), or cleanup (delete the deployment, optionally the old blue; or abandon green).' },
  source: { section: 'what to do', required: true, description: 'The blue database: a DB instance identifier (RDS for MySQL), an Aurora DB cluster identifier, or the ARN of either (arn:aws:rds:REGION:ACCOUNT:db:NAME or ...:cluster:NAME). Whether it is an instance or a cluster is detected.' },
  deployment: { section: 'what to do', default: '', description: 'The Blue/Green Deployment, by identifier (bgd-...) or name. Empty: found from source (create names a new one after the source).' },
  'dry-run': { section: 'what to do', default: 'false', description: 'true: read everything and list every change (AWS call or SQL write) the stage would make, without making any.' },
  'fail-on': { section: 'what to do', default: 'error', description: 'Which findings fail the step: error (default: blocking findings, e.g. green not ready), warning (warnings too), or never (report only; the step fails only on a crash).' },
  'wait-timeout': { section: 'what to do', default: '30m', description: 'Longest wait for a resource to become available or deleted (reboots in prepare and create, deletions in cleanup). A number of seconds or a duration: 30m, 1h.' },
  'time-limit': { section: 'what to do', default: '', description: "The time this step has, usually the job's timeout-minutes (e.g. 360m): every wait ends 5 minutes before it, so the action reports a timeout itself instead of being cancelled by GitHub. The reusable workflow sets it. Empty: waits end only at their own timeouts." },
  'progress-interval': { section: 'what to do', default: '30s', description: 'How long a wait (creation, reboots, the switchover, deletions) may go without a log line: then it logs what it waits for, the status now and the time waited. 1s to 60s.' },
  // AWS credentials
  'aws-region': { section: 'AWS credentials', default: '', description: 'The AWS Region of the database, e.g. us-east-1. Empty: the Region of a source ARN, or AWS_REGION / AWS_DEFAULT_REGION (as set by aws-actions/configure-aws-credentials).' },
  'role-to-assume': { section: 'AWS credentials', default: '', description: "ARN of an IAM role to assume with the job's GitHub OIDC token (needs permissions: id-token: write). Empty: the AWS SDK's default credential chain, e.g. from a preceding aws-actions/configure-aws-credentials step." },
  'role-session-name': { section: 'AWS credentials', default: 'rds-blue-green', description: 'Session name for the assumed role (shown in CloudTrail); 2 to 64 characters of letters, digits and +=,.@_-.' },
  'role-duration-seconds': { section: 'AWS credentials', default: '3600', description: "Lifetime of the assumed role's credentials, 900 to 43200 (within the role's maximum). They are renewed with a new OIDC token when they run out during a long stage." },
  audience: { section: 'AWS credentials', default: 'sts.amazonaws.com', description: "The audience of the GitHub OIDC token; must match the IAM identity provider's audience." },
  'retry-max-attempts': { section: 'AWS credentials', default: '10', description: 'Attempts per AWS API call (first try plus retries, 1 to 30) on throttling and transient errors, with exponential backoff.' },
  // database access
  'db-user': { section: 'database access', default: '', description: "MySQL user for the checks, the heartbeat and the prober, with db-password or db-iam-auth (with db-secret-arn, it overrides the secret's username). switchover needs database credentials; verify without them checks only what the RDS API shows and reports green as not ready." },
  'db-password': { section: 'database access', default: '', description: 'Password of db-user; pass it from a secret (secrets.DB_PASSWORD). Masked in the log.' },
  'db-secret-arn': { section: 'database access', default: '', description: 'ARN or name of a Secrets Manager secret holding JSON with username and password (as RDS-managed secrets do), instead of db-user/db-password. The role needs secretsmanager:GetSecretValue on it.' },
  'db-iam-auth': { section: 'database access', default: 'false', description: "true: log in as db-user with an RDS IAM authentication token signed with the run's AWS credentials (the role needs rds-db:connect; needs TLS)." },
  'db-name': { section: 'database access', default: '', description: "Default schema of the action's connections. Usually empty." },
  'db-tls': { section: 'database access', default: 'verify', description: 'TLS to MySQL: verify (default: certificate checked against the Amazon RDS CA bundle, or db-ca-bundle, and the host name), skip-verify (encrypted, not verified), or disable (clear text). Relaxing it is reported as a warning.' },
  'db-ca-bundle': { section: 'database access', default: '', description: 'Path of a PEM file of CA certificates to verify the database against instead of the bundled Amazon RDS global CA bundle.' },
  'db-connect-timeout': { section: 'database access', default: '10s', description: 'Timeout of one MySQL connection attempt; seconds or a duration such as 10s or 500ms.' },
  'heartbeat-table': { section: 'database access', default: 'rds_blue_green.heartbeat', description: "The action's own table (schema.table) on blue, created by prepare and used by verify's marker row and switchover's write probes. Never a table of yours." },
  // prepare
  'binlog-format': { section: 'prepare', default: '', description: 'binlog_format blue must have: ROW, MIXED or STATEMENT. Empty: MIXED for RDS for MySQL and ROW for Aurora MySQL, as AWS recommends.' },
  apply: { section: 'prepare', default: 'false', description: 'prepare: true to fix what creation needs (custom parameter group, binlog_format, backups when backup-retention-period is set). false: only report.' },
  'allow-reboot': { section: 'prepare', default: 'false', description: 'prepare: true to reboot blue when a parameter change needs it. Without it, prepare stops with an error saying a reboot is needed, having changed nothing that needs one.' },
  'backup-retention-period': { section: 'prepare', default: '', description: 'prepare with apply: days (1 to 35) of automated backups to turn on when they are off (RDS for MySQL keeps a binlog only with backups). Empty: backups are never changed.' },
  // prepare and create: green
  'target-engine-version': { section: 'prepare and create: green', default: '', description: 'Engine version for green, e.g. 8.4.3 or 8.0.mysql_aurora.3.08.0. Empty: same as blue.' },
  'target-db-parameter-group': { section: 'prepare and create: green', default: '', description: "DB parameter group for green's instances. Empty: blue's. prepare checks its binlog_format and lower_case_table_names." },
  'target-db-cluster-parameter-group': { section: 'prepare and create: green', default: '', description: "Aurora only. DB cluster parameter group for green. Empty: blue's." },
  'target-instance-class': { section: 'prepare and create: green', default: '', description: "RDS for MySQL only. Instance class for green, e.g. db.r6g.large. Empty: blue's." },
  'upgrade-target-storage-config': { section: 'prepare and create: green', default: 'false', description: "RDS for MySQL only. true to upgrade green's storage file system configuration." },
  tags: { section: 'prepare and create: green', default: '', description: 'Tags for the deployment and for parameter groups prepare creates: key=value pairs separated by commas or newlines, e.g. team=payments,change=CHG-1234.' },
  'create-timeout': { section: 'prepare and create: green', default: '2h', description: 'create: longest wait for the deployment to become AVAILABLE and green usable (1m to 6h), e.g. 2h.' },
  // verify
  'sync-timeout': { section: 'verify', default: '60s', description: 'verify: how long a marker row written on blue may take to appear on green (1s to 1h).' },
  'max-replica-lag': { section: 'verify', default: '5s', description: 'verify and the switchover gate: the most replica lag green may have, e.g. 5s or 500ms.' },
  migrations: { section: 'verify', default: '', description: 'verify: glob patterns (one per line) of .sql files to lint for replication compatibility before anyone runs them on green, e.g. db/migrations/*.sql.' },
  // switchover
  'switchover-timeout': { section: 'switchover', default: '300', description: 'switchover: SwitchoverTimeout given to RDS, 30 to 3600 seconds (e.g. 300 or 5m); past it RDS rolls back and blue keeps serving.' },
  'probe-interval': { section: 'switchover', default: '1s', description: `switchover: how often the prober connects, reads and writes through the production endpoint (${formatDuration(PROBE_INTERVAL.minMs)} to ${formatDuration(PROBE_INTERVAL.maxMs)}).` },
  'probe-tail': { section: 'switchover', default: '30s', description: 'switchover: how long probing goes on after the switchover completes (0 to 30m).' },
  'probe-log-path': { section: 'switchover', default: '', description: 'switchover: where the probe log (NDJSON, one line per probe) is written. Empty: RUNNER_TEMP/rds-blue-green/SOURCE-switchover-probes.ndjson.' },
  'max-write-downtime': { section: 'switchover', default: '30s', description: 'switchover: the most write downtime that is acceptable (write-downtime-ms; a duration: 30s, 5s). More is reported as a warning (WRITE_DOWNTIME_OVER_BUDGET), which fails the step with fail-on: warning.' },
  'max-read-downtime': { section: 'switchover', default: '30s', description: 'switchover: the most read downtime that is acceptable (read-downtime-ms). More is reported as a warning (READ_DOWNTIME_OVER_BUDGET), which fails the step with fail-on: warning.' },
  force: { section: 'switchover', default: 'false', description: 'switchover: true to switch over even when the readiness gate finds blocking problems.' },
  // cleanup
  'delete-old': { section: 'cleanup', default: 'false', description: 'cleanup after a switchover: true to also delete the old blue (SOURCE-old1); deletion protection is reported, never turned off.' },
  'final-snapshot': { section: 'cleanup', default: 'true', description: 'cleanup with delete-old: false to delete the old blue without a final snapshot.' },
  'final-snapshot-identifier': { section: 'cleanup', default: '', description: "cleanup with delete-old: the final snapshot's identifier. Empty: derived from the old blue's name and the date." },
  abandon: { section: 'cleanup', default: 'false', description: 'cleanup before a switchover: true to delete the deployment together with its green resources.' },
  'drop-heartbeat-table': { section: 'cleanup', default: 'false', description: 'cleanup: true to drop the heartbeat table (needs database credentials).' },
  // reporting
  'github-token': { section: 'reporting', default: '', runnerDefault: '${{ github.token }}', description: 'Token for the pull-request comment; needs pull-requests write permission.' },
  'pr-comment': { section: 'reporting', default: 'auto', description: 'The sticky pull-request comment (one per source and mode, updated in place): auto (when the run is about a pull request and there is a token), always (fail when it cannot be posted), or never.' },
  'pr-number': { section: 'reporting', default: '', description: 'Pull request to comment on when the event is not about one (e.g. workflow_dispatch).' },
  'report-path': { section: 'reporting', default: '', description: 'Where the JSON report is written. Empty: RUNNER_TEMP/rds-blue-green/SOURCE-MODE.json.' },
} as const satisfies Record<string, InputSpec>

export type InputName = keyof typeof INPUTS

export const INPUT_NAMES = Object.keys(INPUTS) as InputName[]

/** The value an empty input takes ('' for the required ones and those without a default). */
export function inputDefault(name: InputName): string {
  const spec: InputSpec = INPUTS[name]
  return spec.default ?? ''
}

/** Reads one raw input (as the runner passes it: INPUT_<NAME> env vars). */
export type InputReader = (name: InputName) => string
