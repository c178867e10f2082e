// The demo's terminal rendering of a job summary: tables aligned and fitted to the terminal,
// charts replaced by a pointer to the file that has them, tags and link targets dropped.
import { expect, it } from '@jest/globals'
import { renderMarkdown } from '../../scripts/demo/terminal-markdown.js'

const summary = [
  '### ✅ switchover: done',
  '',
  '| Metric | Value |',
  '|---|---|',
  '| Write downtime | 1012 ms |',
  '| Lost writes | 0 count |',
  '',
  '<details><summary>Timeline</summary>',
  '',
  '```mermaid',
  'gantt',
  '  title probes',
  '```',
  '</details>',
  '',
  '1. `CreateBlueGreenDeployment` (done)',
  '1. `SwitchoverBlueGreenDeployment` (done)',
  'See [the docs](https://example.com/docs).',
].join('\n')

it('aligns table columns, renumbers lists, and points at the file for charts', () => {
  const text = renderMarkdown(summary, { source: 'demo-output/4-switchover/summary.md' })
  const lines = text.split('\n')
  expect(lines[0]).toBe('✅ switchover: done')
  const rows = lines.filter((l) => l.includes('Write downtime') || l.includes('Lost writes'))
  expect(rows).toHaveLength(2)
  expect(rows[0]!.indexOf('1012')).toBe(rows[1]!.indexOf('0 count'))
  expect(text).toContain('[Mermaid gantt: rendered by GitHub; see demo-output/4-switchover/summary.md]')
  expect(text).not.toMatch(/<details>|<summary>|```|https:/)
  expect(text).toContain('1. CreateBlueGreenDeployment (done)\n2. SwitchoverBlueGreenDeployment (done)')
  expect(text).toContain('See the docs.')
})

it('wraps the widest column so a wide table fits the terminal', () => {
  const long = 'word '.repeat(40).trim()
  const text = renderMarkdown(['| code | finding |', '|---|---|', `| X | ${long} |`].join('\n'), { columns: 60 })
  const lines = text.split('\n')
  for (const line of lines) expect(line.length).toBeLessThanOrEqual(60)
  expect(lines.join(' ').replace(/\s+/g, ' ')).toContain(long.slice(0, 50))
  expect(lines.filter((l) => l.includes('word')).length).toBeGreaterThan(3)
})
