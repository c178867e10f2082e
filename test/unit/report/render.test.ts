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

  it('puts the verdict first, then the findings as a list, each remedy on a line of its own', () => {
    const lines = md.split('\n')
    expect(lines[0]).toBe('### ❌ verify: 1 blocking finding')
    expect(md).toContain('**Findings:** 1 blocking finding, 1 warning, 1 note')
    expect(md).toContain(
      "- ❌ **`REPLICATION_DUPLICATE_KEY`** · `shop.books`<br>\n  Duplicate entry '10219' for key 'books.PRIMARY' (error 1062)<br>replication stopped<br>\n  **Remedy:** Delete the rows written on green.",
    )
    expect(md).toContain('- ⚠️ **`TABLE_WITHOUT_PRIMARY_KEY`** · `shop.audit_log`<br>\n  No primary key | slow replication.<br>\n  **Remedy:** Add a primary key.')
    expect(md.indexOf('REPLICATION_DUPLICATE_KEY')).toBeLessThan(md.indexOf('TABLE_WITHOUT_PRIMARY_KEY'))
    // Notes are context: folded under the findings that ask for action.
    expect(md).toContain('<details><summary>1 note</summary>\n\n- ℹ️ **`SYNC_NOT_CHECKED`** · `orders-db-green-abc123`<br>\n  Dry run: no marker row.\n\n</details>')
  })

  it('shows metrics, changes made, the sections, then the timeline folded, with times in UTC', () => {
    expect(md).toContain('| Marker row round trip | 42 ms |')
    expect(md).toContain('**Changes made**')
    expect(md).toContain("1. ``SQL on blue:3306: INSERT INTO `rds_blue_green`.`heartbeat` (kind, token, seq) VALUES (?, ?, ?)`` (done)")
    expect(md).toMatch(/<details><summary>Timeline \(2 events, UTC\)<\/summary>\n\n\| Time \(UTC\) \| Event \| Source \|/)
    expect(md).toMatch(/\| 12:00:00\.\d{3} \| replication error 1062 \| rds-event \|/)
    expect(md).toContain('#### Schema differences\n\n| table | change |')
    expect(md.indexOf('#### Schema differences')).toBeLessThan(md.indexOf('Timeline ('))
  })

  it('puts a lead section (verify\'s readiness) right after the verdict, before the findings', () => {
    const b = new ReportBuilder('verify', 'orders', false)
    b.finding(finding({ code: 'REPLICATION_LAG_HIGH', subject: 'g', message: 'm', remedy: 'r' }))
    b.section('Details', 'after')
    b.section('Readiness', '| | Check | Result |\n|---|---|---|\n| ❌ | Replication | lag 9 s |', { lead: true })
    const text = renderMarkdown(b.build())
    expect(text.indexOf('#### Readiness')).toBeGreaterThan(text.indexOf('### ❌'))
    expect(text.indexOf('#### Readiness')).toBeLessThan(text.indexOf('**Findings:**'))
    expect(text.indexOf('**Findings:**')).toBeLessThan(text.indexOf('#### Details'))
  })

  it('labels a dry run and its planned calls', () => {
    const b = new ReportBuilder('prepare', 'orders-db', true)
    b.action({ at: 0, description: 'RebootDBInstance {"DBInstanceIdentifier":"orders-db"}', outcome: 'skipped' })
    const text = renderMarkdown(b.build())
    expect(text).toContain('**dry run: nothing was changed; this report says what a real run would do**')
    expect(text).toContain('**Calls a real run would make** (none was made)')
    expect(text).toContain('1. `RebootDBInstance {"DBInstanceIdentifier":"orders-db"}` (would run)')
  })

  it('says how many findings are not annotations on the run page', () => {
    const text = renderMarkdown(sample(), { annotationsLeftOut: { error: 0, warning: 3 } })
    expect(text).toContain('_3 warnings listed here are not annotated on the run page: GitHub shows at most 10 error and 10 warning annotations per step._')
  })

  it('does not let GitHub link issue numbers or mention users from prose', () => {
    const b = new ReportBuilder('switchover', 'orders', false)
    b.finding(finding({ code: 'PROBE_SCHEDULE_LATE', subject: 'probe 12', message: 'Probe #12 failed; ask @octocat; mail ops@example.com; `#3` in code.', remedy: 'See #4.' }))
    const text = renderMarkdown(b.build())
    expect(text).toContain('Probe #\u206012 failed; ask @\u2060octocat; mail ops@example.com; `#3` in code.')
    expect(text).toContain('**Remedy:** See #\u20604.')
    expect(text).not.toMatch(/(^|[^\w`&])#\d/m)
  })
})

describe('markdown past the comment limit', () => {
  const limit = 20_000
  function big() {
    let t = Date.UTC(2026, 0, 31, 12, 0, 0)
    const b = new ReportBuilder('switchover', 'orders', false, () => (t += 10))
    b.finding(finding({ code: 'SWITCHOVER_FAILED', subject: 'bgd-1', message: 'It failed.', remedy: 'Run verify.' }))
    for (let i = 0; i < 30; i++) b.finding(finding({ code: 'SCHEMA_TABLE_ADDED', subject: `s.t${i}`, message: 'A table only on green.' }))
    for (let i = 0; i < 600; i++) b.event(`probe ${i} ended ok on server_id 2 on green after ${i} ms`, { source: 'probe' })
    b.section('Switchover timeline', '```mermaid\ngantt\n    title t\n```')
    b.section('RDS events of blue and green', ['| Time (UTC) | Source | Message |', '|---|---|---|', ...Array.from({ length: 80 }, (_, i) => `| 12:00 | orders | event ${i} ${'x'.repeat(40)} |`)].join('\n'))
    b.metric('write-downtime', 1234, 'ms', 'Writes failed')
    return b.build()
  }

  it('drops timeline rows first and keeps the verdict, findings, charts, the footer and a visible notice', () => {
    const text = renderMarkdown(big(), { limit })
    expect(text.length).toBeLessThanOrEqual(limit)
    expect(text.split('\n')[0]).toBe('### ❌ switchover: 1 blocking finding')
    expect(text).toContain('SWITCHOVER_FAILED')
    expect(text).toContain('```mermaid\ngantt')
    expect(text).toContain('#### RDS events of blue and green')
    expect(text).toMatch(/\| \| _\d+ more events in the JSON report_ \| \|\n\n<\/details>/)
    expect(text).toMatch(/> \[!NOTE\]\n> Shortened to fit GitHub's comment limit: \d+ of 600 timeline events left out\. The job summary and the JSON report/)
    expect(text).toMatch(/\n\n<sub>rds-blue-green switchover · .* s<\/sub>$/)
    // Every table and <details> that was opened is closed.
    expect(text.match(/<details>/g)?.length).toBe(text.match(/<\/details>/g)?.length)
  })

  it('then leaves out tables that are not charts, then notes, never the chart', () => {
    const text = renderMarkdown(big(), { limit: 4000 })
    expect(text.length).toBeLessThanOrEqual(4000)
    expect(text).not.toContain('Timeline (')
    expect(text).not.toContain('#### RDS events of blue and green')
    expect(text).toContain('#### Switchover timeline\n\n```mermaid')
    expect(text).toMatch(/Shortened to fit GitHub's comment limit: the timeline, the section “RDS events of blue and green”(, \d+ notes?)? left out/)
    expect(text).toContain('SWITCHOVER_FAILED')
    expect(text).toContain('<sub>rds-blue-green switchover')
  })

  it('fits a report of 2,000 findings into a comment with the notice', () => {
    const b = new ReportBuilder('verify', 'db', false)
    for (let i = 0; i < 2000; i++) b.finding(finding({ code: 'TABLE_WITHOUT_PRIMARY_KEY', subject: `s.t${i}`, message: 'x'.repeat(60), remedy: 'r' }))
    const text = renderMarkdown(b.build(), { limit: COMMENT_LIMIT })
    expect(text.length).toBeLessThanOrEqual(COMMENT_LIMIT)
    expect(text).toMatch(/_\d+ more errors and warnings in the job summary and the JSON report\._/)
    expect(text).toMatch(/Shortened to fit GitHub's comment limit: \d+ errors and warnings left out/)
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
    expect(codeSpan('a|b')).toBe('`a|b`')
  })

  it('shows a count without a unit and separates thousands', async () => {
    const { formatMetric } = await import('../../../src/report/markdown.js')
    expect(formatMetric({ value: 3, unit: 'count' })).toBe('3')
    expect(formatMetric({ value: 1234, unit: 'ms' })).toBe('1,234 ms')
    expect(formatMetric({ value: 12.34, unit: 'percent' })).toBe('12.3 %')
  })
})
