import { describe, expect, it } from '@jest/globals'
import { finding } from '../../../src/findings/finding.js'
import { ReportBuilder } from '../../../src/report/builder.js'
import { renderJson } from '../../../src/report/json.js'
import { COMMENT_LIMIT, renderMarkdown } from '../../../src/report/markdown.js'
import { commentMarker } from '../../../src/report/pr-comment.js'
import type { Report } from '../../../src/report/types.js'
import { SecretRegistry } from '../../../src/secrets/registry.js'

function sample(): Report {
  let t = Date.UTC(2026, 0, 31, 12, 0, 0)
  const b = new ReportBuilder('verify', 'orders-db', false, () => (t += 250))
  b.finding(finding({ code: 'SYNC_NOT_CHECKED', subject: 'orders-db-green-abc123', message: 'Dry run: no marker row.' }))
  b.finding(finding({ code: 'TABLE_WITHOUT_PRIMARY_KEY', subject: 'shop.audit_log', message: 'No primary key | slow replication.', remedy: 'Add a primary key.' }))
  b.finding(finding({
    code: 'REPLICATION_DUPLICATE_KEY',
    subject: 'shop.books',
    message: "Duplicate entry '10219' for key 'books.PRIMARY' (error 1062)\nreplication stopped",
    remedy: 'Delete the rows written on green.',
  }))
  b.metric('replica-lag', 42, 'ms', 'Marker row round trip')
  b.event('marker written on blue', { source: 'action' })
  b.event('replication error 1062', { source: 'rds-event' })
  b.section('Schema differences', '| table | change |\n|---|---|\n| shop.books | column added at end |')
  b.output('ready', false)
  b.output('replica-lag-ms', 42)
  b.action({ at: t, description: 'SQL on blue:3306: INSERT INTO `rds_blue_green`.`heartbeat` (kind, token, seq) VALUES (?, ?, ?)', outcome: 'done' })
  return b.build()
}

describe('ReportBuilder', () => {
  it('derives the verdict from the findings and puts blocking findings first', () => {
    const report = sample()
    expect(report.verdict).toEqual({ ok: false, headline: 'verify: 1 blocking finding' })
    expect(report.findings.map((f) => f.level)).toEqual(['error', 'warning', 'info'])
    expect(report.outputs).toEqual({ ready: 'false', 'replica-lag-ms': '42' })
    expect(report.finishedAt).toBeGreaterThan(report.startedAt)
  })

  it('passes with warnings', () => {
    const b = new ReportBuilder('prepare', 'db', false)
    b.finding(finding({ code: 'MYISAM_TABLE', subject: 'a.b', message: 'MyISAM' }))
    expect(b.build().verdict).toEqual({ ok: true, headline: 'prepare: done with 1 warning' })
  })
})

describe('markdown (job summary and PR comment)', () => {
  const md = renderMarkdown(sample())

  it('puts the verdict first, then a findings table with codes and remedies', () => {
    const lines = md.split('\n')
    expect(lines[0]).toBe('### ❌ verify: 1 blocking finding')
    expect(md).toContain('| ❌ error | `REPLICATION_DUPLICATE_KEY` | shop.books | Duplicate entry \'10219\' for key \'books.PRIMARY\' (error 1062)<br>replication stopped | Delete the rows written on green. |')
    // A "|" in a message cannot break the table.
    expect(md).toContain('No primary key \\| slow replication.')
    expect(md.indexOf('REPLICATION_DUPLICATE_KEY')).toBeLessThan(md.indexOf('TABLE_WITHOUT_PRIMARY_KEY'))
  })

  it('shows metrics, changes made, the timeline and the sections', () => {
    expect(md).toContain('| Marker row round trip | 42 ms |')
    expect(md).toContain('**Changes made**')
    expect(md).toContain("1. ``SQL on blue:3306: INSERT INTO `rds_blue_green`.`heartbeat` (kind, token, seq) VALUES (?, ?, ?)`` (done)")
    expect(md).toMatch(/\| 12:00:00\.\d{3} \| replication error 1062 \| rds-event \|/)
    expect(md).toContain('#### Schema differences\n\n| table | change |')
  })

  it('labels a dry run and its planned calls', () => {
    const b = new ReportBuilder('prepare', 'orders-db', true)
    b.action({ at: 0, description: 'RebootDBInstance {"DBInstanceIdentifier":"orders-db"}', outcome: 'skipped' })
    const text = renderMarkdown(b.build())
    expect(text).toContain('**dry run: nothing was changed**')
    expect(text).toContain('**Calls a real run would make**')
    expect(text).toContain('1. `RebootDBInstance {"DBInstanceIdentifier":"orders-db"}` (would run)')
  })

  it('truncates to the comment limit with a pointer to the JSON report', () => {
    const b = new ReportBuilder('verify', 'db', false)
    for (let i = 0; i < 2000; i++) b.finding(finding({ code: 'SCHEMA_TABLE_ADDED', subject: `s.t${i}`, message: 'x'.repeat(60) }))
    const text = renderMarkdown(b.build(), { limit: COMMENT_LIMIT })
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(text).toMatch(/truncated: the full report is in the JSON report file/)
  })
})

describe('JSON report', () => {
  it('is the Report with a schema version, and round-trips', () => {
    const report = sample()
    const parsed = JSON.parse(renderJson(report)) as Report & { schemaVersion: number }
    expect(parsed.schemaVersion).toBe(1)
    expect({ ...parsed, schemaVersion: undefined }).toEqual({ ...report, schemaVersion: undefined })
  })
})

describe('comment marker', () => {
  it('is hidden, and distinct per source and per mode', () => {
    expect(commentMarker('orders-db', 'verify')).toBe('<!-- rds-blue-green:sticky source=orders-db mode=verify -->')
    expect(commentMarker('orders-db', 'verify')).not.toBe(commentMarker('orders-db-2', 'verify'))
    expect(commentMarker('orders-db', 'verify')).not.toBe(commentMarker('orders-db', 'switchover'))
    // one marker is never a prefix of another's (orders-db vs orders-db-2)
    expect(commentMarker('orders-db-2', 'verify').includes(commentMarker('orders-db', 'verify'))).toBe(false)
  })
})

describe('SecretRegistry', () => {
  it('masks at once and redacts text and nested values, longest first', () => {
    const masked: string[] = []
    const secrets = new SecretRegistry((v) => masked.push(v))
    secrets.add('p@ss"word\\1')
    secrets.add('token-abc')
    secrets.add('token-abc-longer')
    secrets.add('')
    expect(masked).toEqual(['p@ss"word\\1', 'token-abc', 'token-abc-longer'])
    expect(secrets.redact('x token-abc-longer y token-abc z')).toBe('x *** y *** z')
    // The JSON-escaped form of a secret is redacted too.
    expect(secrets.redact(JSON.stringify({ p: 'p@ss"word\\1' }))).toBe('{"p":"***"}')
    expect(secrets.redactDeep({ a: ['token-abc'], b: { c: 'ok' }, n: 1 })).toEqual({ a: ['***'], b: { c: 'ok' }, n: 1 })
  })
})

describe('markdown details', () => {
  it('keeps backticks of SQL identifiers in code spans instead of replacing them', async () => {
    const { codeSpan } = await import('../../../src/report/markdown.js')
    // CommonMark strips one space from each side when both are present.
    expect(codeSpan('INSERT INTO `rds_blue_green`.`heartbeat`')).toBe('`` INSERT INTO `rds_blue_green`.`heartbeat` ``')
    expect(codeSpan('SELECT `a` FROM t')).toBe('``SELECT `a` FROM t``')
    expect(codeSpan('`x`')).toBe('`` `x` ``')
    expect(codeSpan('a|b')).toBe('`a\\|b`')
  })

  it('shows a count without a unit and separates thousands', async () => {
    const { formatMetric } = await import('../../../src/report/markdown.js')
    expect(formatMetric({ value: 3, unit: 'count' })).toBe('3')
    expect(formatMetric({ value: 1234, unit: 'ms' })).toBe('1,234 ms')
    expect(formatMetric({ value: 12.34, unit: 'percent' })).toBe('12.3 %')
  })
})
