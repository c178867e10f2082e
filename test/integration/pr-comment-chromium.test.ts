// The pull-request comment as a reviewer sees it: real reports from the sandbox (verify ready,
// verify not ready, a measured switchover), the comment body exactly as the action posts it,
// rendered as GitHub renders a comment (test/helpers/github-render.ts: cmark-gfm, GitHub's
// markdown CSS, Mermaid, headless Chromium) at 760 px, light and dark. Nothing may overflow
// the comment horizontally; verify leads with its readiness checklist; a comment shortened to
// its limit keeps the verdict, the charts and a visible notice; chart axes count seconds with
// no repeated tick label, and chart text stays legible on GitHub's dark theme.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { Sandbox } from '../../sandbox/index.js'
import { commentBody } from '../../src/report/publish.js'
import type { Report } from '../../src/report/types.js'
import { GitHubRenderer, githubAutolinks, type Rendered, type Theme } from '../helpers/github-render.js'
import { createDeployment, runModeOnSandbox } from '../helpers/sandbox-modes.js'
import { rdsClient } from '../sandbox/helpers.js'

const THEMES: Theme[] = ['light', 'dark']

describe('the pull-request comment in Chromium at 760 px', () => {
  let sandbox: Sandbox
  let renderer: GitHubRenderer
  const reports: Record<'ready' | 'notReady' | 'switchover', Report> = {} as never

  beforeAll(async () => {
    ;[sandbox, renderer] = await Promise.all([
      Sandbox.start({ instance: { id: 'orders' }, timings: { taskMs: 50, switchover: { readOnlyMs: 600, unavailableMs: 600, unavailableMode: 'refuse', postProcessingMs: 200 } } }),
      GitHubRenderer.start(),
    ])
    await createDeployment(sandbox, rdsClient(sandbox), 'orders')
    reports.ready = (await runModeOnSandbox(sandbox, { mode: 'verify', source: 'orders' })).report
    // Not ready: a migration renames a column and writes rows on green (the lint's errors and
    // warnings, with files and lines), and no marker row in a dry run.
    reports.notReady = (await runModeOnSandbox(sandbox, { mode: 'verify', source: 'orders', migrations: 'test/fixtures/verify-migrations/*.sql\ntest/fixtures/migrations/*.sql' })).report
    reports.switchover = (await runModeOnSandbox(sandbox, { mode: 'switchover', source: 'orders', 'probe-interval': '100ms', 'probe-tail': '1s' })).report
  }, 120_000)
  afterAll(async () => {
    await renderer?.close()
    await sandbox?.stop()
  })

  function expectReadable(r: Rendered) {
    expect(r.overflowing).toEqual([])
    expect(githubAutolinks(r.prose)).toEqual([])
    expect(r.links).toEqual([])
  }

  it('the reports are what they claim: ready, not ready, switched over', () => {
    expect(reports.ready.verdict.ok).toBe(true)
    expect(reports.notReady.verdict.ok).toBe(false)
    expect(reports.notReady.findings.filter((f) => f.level === 'error').length).toBeGreaterThanOrEqual(1)
    expect(reports.switchover.outputs.status).toBe('SWITCHOVER_COMPLETED')
  })

  describe.each(THEMES)('%s theme', (theme) => {
    it('verify, ready: fits, and leads with the readiness checklist', async () => {
      const r = await renderer.render(commentBody(reports.ready), theme)
      expectReadable(r)
      expect(r.headings[0]).toMatch(/^✅ orders: green is ready to switch over/)
      expect(r.headings[1]).toBe('Readiness')
      expect(r.visibleText.indexOf('Readiness')).toBeLessThan(r.visibleText.search(/Findings:|No findings\./))
    }, 60_000)

    it('verify, not ready: fits, every finding with its remedy on a line of its own, readiness first', async () => {
      const r = await renderer.render(commentBody(reports.notReady), theme)
      expectReadable(r)
      expect(r.headings[0]).toMatch(/^❌ orders: green is not ready to switch over/)
      expect(r.headings[1]).toBe('Readiness')
      for (const f of reports.notReady.findings.filter((x) => x.level !== 'info')) {
        expect(r.visibleText).toContain(`Remedy: ${f.remedy!.split('\n')[0]!.slice(0, 40)}`)
      }
      // Migration findings name file and line.
      expect(r.visibleText).toMatch(/test\/fixtures\/migrations\/20240410_0\d_\w+\.sql:\d+/)
    }, 60_000)

    it('verify, not ready, shortened to a small limit: the verdict, the readiness checklist and a visible notice stay', async () => {
      const full = commentBody(reports.notReady)
      const r = await renderer.render(commentBody(reports.notReady, Math.floor(full.length * 0.6)), theme)
      expectReadable(r)
      expect(r.headings[0]).toMatch(/^❌ orders: green is not ready/)
      expect(r.headings[1]).toBe('Readiness')
      expect(r.alerts).toEqual([expect.objectContaining({ kind: 'note', visible: true, text: expect.stringMatching(/^Note\s+Shortened to fit GitHub's comment limit: /) })])
    }, 60_000)

    it('switchover, shortened so that its timeline and tables must go: the verdict, both charts and the notice stay; axes count seconds without repeating a label', async () => {
      // Room for the verdict, the findings and the charts, not for the timeline or the tables.
      const s = reports.switchover
      const essentials = commentBody({ ...s, timeline: [], actions: [], sections: s.sections.filter((x) => x.markdown.includes('```mermaid')) })
      const limit = essentials.length + 400
      expect(commentBody(s).length).toBeGreaterThan(limit + 1000)
      const r = await renderer.render(commentBody(s, limit), theme)
      expectReadable(r)
      expect(r.headings[0]).toMatch(/^✅ switchover completed in /)
      expect(r.alerts.filter((a) => a.visible).map((a) => a.kind)).toEqual(['note'])
      expect(r.charts.map((c) => c.title)).toEqual([
        expect.stringMatching(/^Switchover of orders \(seconds after \d\d:\d\d:\d\d UTC\)$/),
        expect.stringMatching(/^Endpoint probes every 100 ms \(seconds after \d\d:\d\d:\d\d UTC\)$/),
      ])
      for (const chart of r.charts) {
        expect(chart.ticks.length).toBeGreaterThanOrEqual(2)
        expect(chart.ticks.every((t) => /^\d+$/.test(t))).toBe(true)
        expect(new Set(chart.ticks).size).toBe(chart.ticks.length)
        expect(Number(chart.ticks[0])).toBe(0)
        expect(chart.width).toBeLessThanOrEqual(760)
      }
      // Legible: every text of the charts at 3:1 or more against what is behind it.
      const faint = r.charts.flatMap((c) => c.texts.filter((t) => t.contrast < 3))
      expect(faint).toEqual([])
    }, 60_000)
  })
})
