// The at-a-glance table of verify's report (job summary and PR comment): one row per check
// with its outcome, so an operator sees which part of readiness holds and which does not
// before reading the findings.
import type { BlueGreenDeployment } from '@aws-sdk/client-rds'
import type { ReplicaStatus } from '../../db/replica-status.js'
import { cell } from '../../report/markdown.js'
import type { Finding } from '../../findings/finding.js'
import type { DuplicateKeyRisk } from '../../checks/green/auto-increment.js'
import { deploymentSubject, pendingTasks } from '../../checks/green/deployment-state.js'
import type { Green } from '../../rds/green.js'
import type { MigrationLint } from '../../checks/green/migrations.js'
import type { ReadOnlyResult } from '../../checks/green/read-only.js'
import type { SchemaCompatibility } from '../../checks/green/schema-compat.js'
import type { SyncMarkerResult } from '../../checks/green/sync-marker.js'

export interface ReadinessFacts {
  deployment?: BlueGreenDeployment
  green?: Green
  replica?: ReplicaStatus
  sync?: SyncMarkerResult
  maxReplicaLagMs: number
  syncTimeoutMs: number
  readOnly?: ReadOnlyResult
  schema?: SchemaCompatibility
  risk?: DuplicateKeyRisk
  lint?: MigrationLint
  notChecked: string[]
  findings: Finding[]
}

const OK = '✅'
const WARN = '⚠️'
const BAD = '❌'
const SKIP = '➖'

export function readinessTable(f: ReadinessFacts): string {
  const rows: [string, string, string][] = []
  const worst = (codes: (c: string) => boolean): string => {
    const hits = f.findings.filter((x) => codes(x.code))
    return hits.some((x) => x.level === 'error') ? BAD : hits.some((x) => x.level === 'warning') ? WARN : OK
  }

  if (f.deployment) {
    const d = f.deployment
    const pending = d.Status === 'PROVISIONING' ? ` · pending: ${pendingTasks(d).join(', ') || 'none'}` : ''
    rows.push([d.Status === 'AVAILABLE' ? worst((c) => c === 'SWITCHOVER_DETAIL_NOT_AVAILABLE') : BAD, 'Deployment', `${deploymentSubject(d)}: ${d.Status ?? 'unknown'}${pending}`])
  } else {
    rows.push([BAD, 'Deployment', 'none found'])
  }
  if (f.green) {
    const members = [
      ...(f.green.cluster ? [`${f.green.cluster.DBClusterIdentifier} (${f.green.cluster.Status})`] : []),
      ...f.green.instances.map((i) => `${i.DBInstanceIdentifier} (${i.DBInstanceStatus})`),
      ...f.green.missing.map((id) => `${id} (missing)`),
    ]
    rows.push([worst((c) => c.startsWith('GREEN_MEMBER') || c === 'GREEN_PENDING_REBOOT'), 'Green members', members.join(', ') || 'none'])
  }
  if (f.replica) {
    const r = f.replica
    const errors = [r.lastIoErrno ? `last IO error ${r.lastIoErrno}` : '', r.lastSqlErrno ? `last SQL error ${r.lastSqlErrno}` : ''].filter(Boolean).join(', ')
    rows.push([
      worst((c) => c.startsWith('REPLICATION_') && c !== 'REPLICATION_SYNC_TIMEOUT' && c !== 'REPLICATION_LAG_HIGH'),
      'Replication',
      `IO thread ${r.ioRunning || '?'} · SQL thread ${r.sqlRunning || '?'} · ${r.secondsBehind === null ? 'lag unknown' : `${r.secondsBehind} s behind`}${errors ? ` · ${errors}` : ''}`,
    ])
  } else {
    rows.push([worst((c) => c === 'REPLICATION_ERROR_REPORTED') === BAD ? BAD : SKIP, 'Replication', 'not read on green (see below)'])
  }
  if (f.sync?.outcome === 'arrived') {
    rows.push([worst((c) => c === 'REPLICATION_LAG_HIGH'), 'Marker row (sync)', `on green ${f.sync.lagMs} ms after blue acknowledged it (max-replica-lag ${f.maxReplicaLagMs} ms)`])
  } else if (f.sync?.outcome === 'timeout') {
    rows.push([BAD, 'Marker row (sync)', `not on green within sync-timeout (${f.syncTimeoutMs} ms)`])
  } else {
    rows.push([SKIP, 'Marker row (sync)', f.sync?.outcome === 'skipped' ? (f.sync.findings[0]?.message ?? 'not written') : 'not checked'])
  }
  if (f.readOnly) rows.push([f.readOnly.readOnly ? OK : WARN, 'Green read_only', f.readOnly.readOnly ? 'ON' : 'OFF (writable)'])
  if (f.schema) {
    const incompatible = f.schema.differences.filter((d) => d.kind === 'incompatible').length
    const compatible = f.schema.differences.length - incompatible
    rows.push([
      incompatible ? BAD : f.schema.differences.some((d) => d.level === 'warning') ? WARN : OK,
      'Schema',
      `${f.schema.blue.tables.length} tables on blue, ${f.schema.green.tables.length} on green: ${incompatible} incompatible, ${compatible} compatible difference${compatible === 1 ? '' : 's'}`,
    ])
  }
  if (f.risk) {
    rows.push([f.risk.ahead.length ? BAD : OK, 'Auto-increment keys', `${f.risk.checked} compared, ${f.risk.ahead.length} with rows on green beyond blue`])
  }
  if (f.lint) {
    const by = (level: string) => f.lint!.findings.filter((x) => x.level === level).length
    rows.push([
      by('error') ? BAD : by('warning') ? WARN : OK,
      'Migrations',
      `${f.lint.files.length} file${f.lint.files.length === 1 ? '' : 's'}, ${f.lint.statements} statement${f.lint.statements === 1 ? '' : 's'}: ${by('error')} incompatible, ${by('warning')} warning${by('warning') === 1 ? '' : 's'}${f.lint.againstBlue ? '' : " (judged without blue's schema)"}`,
    ])
  }
  if (f.notChecked.length) rows.push([SKIP, 'Not checked', f.notChecked.join('; ')])
  return ['| | Check | Result |', '|---|---|---|', ...rows.map(([icon, name, text]) => `| ${icon} | ${name} | ${cell(text)} |`)].join('\n')
}
