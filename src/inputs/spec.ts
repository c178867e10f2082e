// Every input the action declares, with the default it has when empty. action.yml declares
// the same names and defaults (test/unit/inputs/action-yml.test.ts holds them together):
// the runner fills action.yml's defaults in, but `node dist/index.js` run by hand or by a
// test gets only what it is given, so the parser applies them too.

export const INPUT_DEFAULTS = {
  // what to do
  mode: '',
  source: '',
  deployment: '',
  'dry-run': 'false',
  'fail-on': 'error',
  'wait-timeout': '30m',
  'progress-interval': '30s',
  'time-limit': '',
  // AWS credentials (names as in aws-actions/configure-aws-credentials)
  'aws-region': '',
  'role-to-assume': '',
  'role-session-name': 'rds-blue-green',
  'role-duration-seconds': '3600',
  audience: 'sts.amazonaws.com',
  'retry-max-attempts': '10',
  // database access
  'db-user': '',
  'db-password': '',
  'db-secret-arn': '',
  'db-iam-auth': 'false',
  'db-name': '',
  'db-tls': 'verify',
  'db-ca-bundle': '',
  'db-connect-timeout': '10s',
  'heartbeat-table': 'rds_blue_green.heartbeat',
  // prepare
  'binlog-format': '',
  apply: 'false',
  'allow-reboot': 'false',
  'backup-retention-period': '',
  // prepare and create: what green will be
  'target-engine-version': '',
  'target-db-parameter-group': '',
  'target-db-cluster-parameter-group': '',
  'target-instance-class': '',
  'upgrade-target-storage-config': 'false',
  tags: '',
  'create-timeout': '2h',
  // verify (and the switchover gate)
  'sync-timeout': '60s',
  'max-replica-lag': '5s',
  migrations: '',
  // switchover
  'switchover-timeout': '300',
  'probe-interval': '1s',
  'probe-tail': '30s',
  'probe-log-path': '',
  'max-write-downtime': '30s',
  'max-read-downtime': '30s',
  force: 'false',
  // cleanup
  'delete-old': 'false',
  'final-snapshot': 'true',
  'final-snapshot-identifier': '',
  abandon: 'false',
  'drop-heartbeat-table': 'false',
  // reporting
  'github-token': '',
  'pr-comment': 'auto',
  'pr-number': '',
  'report-path': '',
} as const

export type InputName = keyof typeof INPUT_DEFAULTS

export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]

/**
 * Defaults that action.yml spells as an expression the runner evaluates; the parser's own
 * default (used outside a runner) is the empty string.
 */
export const ACTION_YML_EXPRESSION_DEFAULTS: Partial<Record<InputName, string>> = {
  'github-token': '${{ github.token }}',
}

/** Reads one raw input (as the runner passes it: INPUT_<NAME> env vars). */
export type InputReader = (name: InputName) => string
