// Every input's bad forms, shared by the parser's unit test and the end-to-end test that
// runs dist/index.js with each of them and proves no AWS call was made.
// `expect` is a fragment of the accepted form the one-line message must state.
export interface BadInput {
  input: string
  value: string
  /** Other inputs the case needs (e.g. the mode whose cross-check it trips). */
  with?: Record<string, string>
  /** The input the message names, when not `input` (cross-input rules). */
  names?: string
  expect: RegExp
}

/** A valid verify run; each case changes one thing. */
export const VALID: Record<string, string> = {
  mode: 'verify',
  source: 'orders-db',
  'aws-region': 'us-east-1',
  'db-user': 'admin',
  'db-password': 'pw-for-tests',
}

const duration = /expected a duration between/
const boolean = /expected true or false/

export const BAD_INPUTS: BadInput[] = [
  { input: 'mode', value: 'deploy', expect: /expected one of prepare, create, verify, switchover, cleanup/ },
  { input: 'mode', value: '', expect: /expected one of prepare/ },
  { input: 'mode', value: 'Verify', expect: /expected one of prepare/ },
  { input: 'source', value: '', expect: /DB instance or Aurora DB cluster identifier/ },
  { input: 'source', value: 'orders_db', expect: /starting with a letter/ },
  { input: 'source', value: '1orders', expect: /starting with a letter/ },
  { input: 'source', value: 'orders--db', expect: /without "--"/ },
  { input: 'source', value: 'orders-', expect: /trailing hyphen/ },
  { input: 'source', value: `a${'b'.repeat(63)}`, expect: /1 to 63/ },
  { input: 'source', value: 'arn:aws:rds:us-east-1:123456789012:snapshot:orders', expect: /or its ARN/ },
  { input: 'source', value: 'arn:aws:rds:us-east-1:1234:db:orders', expect: /or its ARN/ },
  { input: 'source', value: 'arn:aws:rds:us-west-2:123456789012:db:orders', expect: /expected an ARN in aws-region us-east-1 \(its Region is us-west-2\)/ },
  { input: 'deployment', value: 'bgd_123', expect: /bgd-\.\.\./ },
  { input: 'deployment', value: `d${'x'.repeat(60)}`, expect: /1 to 60/ },
  { input: 'dry-run', value: 'yes', expect: boolean },
  { input: 'fail-on', value: 'warn', expect: /expected one of error, warning, never/ },
  { input: 'wait-timeout', value: '10s', expect: duration },
  { input: 'wait-timeout', value: 'soon', expect: /between 1m and 6h, e.g. 30m or 1h/ },
  { input: 'progress-interval', value: '90s', expect: /between 1s and 1m, e.g. 30s or 1m/ },
  { input: 'progress-interval', value: '500ms', expect: duration },
  { input: 'time-limit', value: '5m', expect: /between 10m and 120h, e.g. 360m or 90m/ },
  { input: 'time-limit', value: '360', expect: duration },
  { input: 'aws-region', value: 'useast1', expect: /AWS Region code, e.g. us-east-1/ },
  { input: 'aws-region', value: 'US-EAST-1', expect: /AWS Region code/ },
  { input: 'role-to-assume', value: 'deploy-role', expect: /IAM role ARN/ },
  { input: 'role-to-assume', value: 'arn:aws:iam::123:role/deploy', expect: /IAM role ARN/ },
  { input: 'role-session-name', value: 'a', expect: /2 to 64/ },
  { input: 'role-session-name', value: 'has space', expect: /2 to 64/ },
  { input: 'role-duration-seconds', value: '600', expect: /between 900 and 43200/ },
  { input: 'role-duration-seconds', value: '1h', expect: /whole number between 900 and 43200/ },
  { input: 'audience', value: 'two words', expect: /OIDC audience/ },
  { input: 'retry-max-attempts', value: '0', expect: /between 1 and 30/ },
  { input: 'retry-max-attempts', value: 'many', expect: /between 1 and 30/ },
  { input: 'db-user', value: 'bad user!', expect: /MySQL user name/ },
  { input: 'db-user', value: '', expect: /db-password/ },
  { input: 'db-password', value: '', with: { 'db-user': 'admin' }, expect: /expected the password for db-user admin/ },
  { input: 'db-secret-arn', value: 'arn:aws:secretsmanager:us-east-1:123:secret:x', with: { 'db-password': '' }, expect: /Secrets Manager secret ARN or name/ },
  { input: 'db-secret-arn', value: 'prod/db', names: 'db-secret-arn', expect: /only one source of database credentials, but db-password and db-secret-arn/ },
  { input: 'db-iam-auth', value: 'yes', expect: boolean },
  { input: 'db-iam-auth', value: 'true', names: 'db-iam-auth', expect: /only one source of database credentials/ },
  { input: 'db-iam-auth', value: 'true', with: { 'db-password': '', 'db-user': '' }, names: 'db-user', expect: /user that IAM authentication logs in as/ },
  { input: 'db-iam-auth', value: 'true', with: { 'db-password': '', 'db-tls': 'disable' }, names: 'db-tls', expect: /IAM authentication requires TLS/ },
  { input: 'db-name', value: 'my-schema', expect: /schema name/ },
  { input: 'db-tls', value: 'strict', expect: /expected one of verify, skip-verify, disable/ },
  { input: 'db-ca-bundle', value: '/nonexistent/ca.pem', expect: /PEM file of CA certificates that exists/ },
  { input: 'db-ca-bundle', value: '/', expect: /PEM file/ },
  { input: 'db-connect-timeout', value: '50ms', expect: /between 100ms and 5m/ },
  { input: 'heartbeat-table', value: 'heartbeat', expect: /schema\.table/ },
  { input: 'heartbeat-table', value: 'a.b.c', expect: /schema\.table/ },
  { input: 'binlog-format', value: 'row-based', expect: /expected one of ROW, MIXED, STATEMENT/ },
  { input: 'apply', value: 'on', expect: boolean },
  { input: 'allow-reboot', value: '1', expect: boolean },
  { input: 'backup-retention-period', value: '0', expect: /between 1 and 35/ },
  { input: 'backup-retention-period', value: '7d', expect: /between 1 and 35/ },
  { input: 'target-engine-version', value: 'latest', expect: /engine version, e.g. 8.0.40/ },
  { input: 'target-engine-version', value: '8', expect: /engine version/ },
  { input: 'target-db-parameter-group', value: '1group', expect: /parameter group name/ },
  { input: 'target-db-parameter-group', value: 'my--group', expect: /parameter group name/ },
  { input: 'target-db-parameter-group', value: 'my_group', expect: /parameter group name/ },
  { input: 'target-db-cluster-parameter-group', value: 'group-', expect: /parameter group name/ },
  { input: 'target-instance-class', value: 'r6g.large', expect: /DB instance class, e.g. db.r6g.large/ },
  { input: 'upgrade-target-storage-config', value: 'y', expect: boolean },
  { input: 'tags', value: 'team', expect: /key=value pairs/ },
  { input: 'tags', value: '=payments', expect: /key=value pairs/ },
  { input: 'tags', value: 'aws:owner=me', expect: /reserved by AWS/ },
  { input: 'tags', value: 'team=a,team=b', expect: /given twice/ },
  { input: 'tags', value: 'team=a;b', expect: /letters, digits, spaces/ },
  { input: 'create-timeout', value: '30s', expect: /between 1m and 6h/ },
  { input: 'sync-timeout', value: '500ms', expect: /between 1s and 1h/ },
  { input: 'max-replica-lag', value: '-1', expect: /between 0s and 1h/ },
  { input: 'max-replica-lag', value: '2h', expect: /between 0s and 1h/ },
  { input: 'switchover-timeout', value: '20s', expect: /expected a duration between 30s and 3600s, in whole seconds, e\.g\. 300 or 5m/ },
  { input: 'switchover-timeout', value: '3601', expect: /between 30s and 3600s/ },
  { input: 'switchover-timeout', value: '30.5', expect: /in whole seconds/ },
  { input: 'switchover-timeout', value: 'forever', expect: /in whole seconds/ },
  { input: 'probe-interval', value: '50ms', expect: /between 100ms and 1m/ },
  { input: 'probe-interval', value: '1.5ms', expect: /between 100ms and 1m/ },
  { input: 'probe-tail', value: '31m', expect: /between 0s and 30m/ },
  { input: 'max-write-downtime', value: '2h', expect: /between 0s and 1h, e.g. 30s or 5s/ },
  { input: 'max-read-downtime', value: 'fast', expect: duration },
  { input: 'force', value: 'yes', expect: boolean },
  { input: 'delete-old', value: 'x', expect: boolean },
  { input: 'delete-old', value: 'true', with: { mode: 'cleanup', abandon: 'true' }, expect: /expected false with abandon: true/ },
  { input: 'final-snapshot', value: 'no', expect: boolean },
  { input: 'final-snapshot-identifier', value: '1snap', expect: /snapshot identifier/ },
  { input: 'final-snapshot-identifier', value: 'snap--x', expect: /snapshot identifier/ },
  { input: 'abandon', value: 'y', expect: boolean },
  { input: 'drop-heartbeat-table', value: 'sure', expect: boolean },
  { input: 'drop-heartbeat-table', value: 'true', with: { mode: 'cleanup', 'db-user': '', 'db-password': '' }, names: 'db-user', expect: /database credentials to drop the heartbeat table/ },
  { input: 'pr-comment', value: 'sometimes', expect: /expected one of auto, always, never/ },
  { input: 'pr-number', value: '#12', expect: /whole number/ },
  { input: 'pr-number', value: '0', expect: /whole number between 1/ },
]

/** Inputs that take any text (paths, globs, secrets): nothing to refuse at parse time. */
export const FREE_FORM_INPUTS = ['migrations', 'probe-log-path', 'report-path', 'github-token']
