/// <reference lib="dom" />
// Renders markdown the way GitHub shows a pull-request comment, in headless Chromium, and
// measures what a reader would see. As close to GitHub as this machine allows:
//  - the HTML comes from cmark-gfm (Debian's package), the fork of cmark GitHub renders
//    comments with, with GitHub's extensions (table, strikethrough, autolink, tagfilter,
//    tasklist) and `--github-pre-lang`, so a ```mermaid block becomes <pre lang="mermaid">
//    as on GitHub;
//  - styled with github-markdown-css (the markdown-body styles of github.com, light or dark),
//    in a box as wide as a comment body (760 px);
//  - `> [!NOTE]` becomes GitHub's alert markup (cmark-gfm 0.29 predates alerts);
//  - each Mermaid block is rendered by Mermaid in the page with the theme GitHub picks for
//    the colour mode ('default' light, 'dark' dark), at the block's full width, as GitHub's
//    Mermaid frame does.
// GitHub's HTML sanitizer is not applied: the reports use only tags it keeps (details,
// summary, sub, br).
// Chromium is Debian's (scripts/setup.sh installs it) driven by playwright-core; the network
// is closed, so every flag that would reach out is off and the profile is a fresh directory.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, chromium } from 'playwright-core'
import { REPO_ROOT } from './run-action.js'

export const CHROMIUM = '/usr/bin/chromium'
export const COMMENT_WIDTH_PX = 760

export type Theme = 'light' | 'dark'

/** GitHub's page backgrounds (Primer): light and dark. */
export const PAGE_BACKGROUND: Record<Theme, string> = { light: '#ffffff', dark: '#0d1117' }

/** Markdown -> HTML with GitHub's flavour, by cmark-gfm. */
export function gfmToHtml(markdown: string): string {
  const args = ['--extension', 'table', '--extension', 'strikethrough', '--extension', 'autolink', '--extension', 'tagfilter', '--extension', 'tasklist', '--github-pre-lang', '--unsafe']
  const run = spawnSync('cmark-gfm', args, { input: markdown, encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`cmark-gfm failed: ${run.stderr || run.error?.message}`)
  return run.stdout
}

export interface Rendered {
  /** The box's width and the widest any element reaches, in px. */
  boxWidth: number
  overflowing: { tag: string; text: string; right: number; scrollWidth?: number; clientWidth?: number }[]
  headings: string[]
  /** Text of the visible page (closed <details> bodies excluded). */
  visibleText: string
  /** GitHub alerts (`> [!NOTE]`), and whether each is visible without opening anything. */
  alerts: { kind: string; text: string; visible: boolean }[]
  charts: {
    title: string
    ticks: string[]
    /** Every text of the chart with its colour, what is behind it and their contrast ratio. */
    texts: { text: string; color: string; behind: string; contrast: number }[]
    width: number
  }[]
  /** Links in the rendered HTML outside code. */
  links: string[]
  /** The text outside code, pre and charts (what GitHub's reference and mention filters read). */
  prose: string
}

export class GitHubRenderer {
  private constructor(
    private readonly context: BrowserContext,
    private readonly profile: string,
  ) {}

  static async start(): Promise<GitHubRenderer> {
    const profile = mkdtempSync(join(tmpdir(), 'rbg-chromium-'))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1000, height: 800 },
      offline: true,
    })
    return new GitHubRenderer(context, profile)
  }

  async close(): Promise<void> {
    await this.context.close()
    rmSync(this.profile, { recursive: true, force: true })
  }

  async render(markdown: string, theme: Theme): Promise<Rendered> {
    const css = readFileSync(join(REPO_ROOT, `node_modules/github-markdown-css/github-markdown-${theme}.css`), 'utf8')
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
      body { margin: 0; padding: 16px; background: ${PAGE_BACKGROUND[theme]}; }
      .markdown-body { box-sizing: content-box; width: ${COMMENT_WIDTH_PX}px; padding: 0; }
      .mermaid-frame { width: 100%; }
    </style></head><body><article class="markdown-body">${gfmToHtml(markdown)}</article></body></html>`
    const page = await this.context.newPage()
    try {
      await page.setContent(html)
      await page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/mermaid/dist/mermaid.min.js') })
      return await page.evaluate(async ({ theme, background }) => {
        const article = document.querySelector('article') as HTMLElement
        // GitHub's alerts.
        for (const quote of Array.from(article.querySelectorAll('blockquote'))) {
          const first = quote.querySelector('p')
          const m = first && /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/.exec(first.textContent ?? '')
          if (!m || !first) continue
          const alert = document.createElement('div')
          alert.className = `markdown-alert markdown-alert-${m[1]!.toLowerCase()}`
          const title = document.createElement('p')
          title.className = 'markdown-alert-title'
          title.textContent = m[1]![0] + m[1]!.slice(1).toLowerCase()
          first.innerHTML = first.innerHTML.replace(/^\[!\w+\]\s*(<br>)?\s*/, '')
          alert.append(title, ...Array.from(quote.childNodes))
          quote.replaceWith(alert)
        }
        // Mermaid, as GitHub's frame shows it: full width, the colour mode's theme.
        const mermaid = (window as unknown as { mermaid: { initialize(o: object): void; render(id: string, code: string): Promise<{ svg: string }> } }).mermaid
        mermaid.initialize({ startOnLoad: false, theme: theme === 'dark' ? 'dark' : 'default' })
        let n = 0
        for (const pre of Array.from(article.querySelectorAll('pre[lang="mermaid"]'))) {
          const { svg } = await mermaid.render(`chart${n++}`, pre.textContent ?? '')
          const frame = document.createElement('div')
          frame.className = 'mermaid-frame'
          frame.innerHTML = svg
          pre.replaceWith(frame)
        }
        await new Promise((r) => requestAnimationFrame(() => r(undefined)))

        const box = article.getBoundingClientRect()
        const overflowing: Rendered['overflowing'] = []
        for (const el of Array.from(article.querySelectorAll<HTMLElement>('*'))) {
          if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY' && el.tagName !== 'DETAILS') continue
          if (el.closest('svg')) continue
          const r = el.getBoundingClientRect()
          const scrolls = (el.tagName === 'TABLE' || el.tagName === 'PRE') && el.scrollWidth > el.clientWidth + 1
          if (r.right > box.right + 0.5 || scrolls) {
            overflowing.push({ tag: el.tagName, text: (el.textContent ?? '').slice(0, 80), right: r.right - box.left, ...(scrolls ? { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth } : {}) })
          }
        }

        // Colours: the contrast of each chart text with what is painted behind it.
        const rgb = (c: string): number[] | undefined => {
          const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c)
          if (!m) return undefined
          if (m[4] !== undefined && Number(m[4]) === 0) return undefined
          return [Number(m[1]), Number(m[2]), Number(m[3])]
        }
        const probe = document.createElement('div')
        document.body.append(probe)
        const resolve = (c: string): string => {
          probe.style.color = ''
          probe.style.color = c
          return getComputedStyle(probe).color
        }
        const luminance = ([r, g, b]: number[]) => {
          const f = (v: number) => {
            const s = v / 255
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
          }
          return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!)
        }
        const contrast = (a: number[], b: number[]) => {
          const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
          return (x! + 0.05) / (y! + 0.05)
        }
        const charts: Rendered['charts'] = []
        for (const svg of Array.from(article.querySelectorAll('svg'))) {
          const texts: Rendered['charts'][number]['texts'] = []
          for (const t of Array.from(svg.querySelectorAll('text'))) {
            const label = (t.textContent ?? '').trim()
            // elementsFromPoint sees only the viewport.
            t.scrollIntoView({ block: 'center', inline: 'center' })
            const r = t.getBoundingClientRect()
            if (!label || r.width === 0) continue
            const color = rgb(resolve(getComputedStyle(t).fill)) ?? [0, 0, 0]
            // What is painted under the middle of the text: the filled shapes there, translucent
            // ones blended, over the page.
            const page = rgb(resolve(background))!
            const x = r.left + r.width / 2
            const y = r.top + r.height / 2
            const layers: { fill: number[]; alpha: number }[] = []
            for (const el of document.elementsFromPoint(x, y)) {
              if (el === t || el.tagName === 'text' || el.tagName === 'tspan' || el.tagName === 'line' || el.tagName === 'g' || el.tagName === 'svg') continue
              if (el.tagName !== 'rect' && el.tagName !== 'path' && el.tagName !== 'polygon') break
              const style = getComputedStyle(el)
              const fill = rgb(resolve(style.fill))
              const alpha = Number(style.opacity) * Number(style.fillOpacity)
              if (!fill || alpha === 0) continue
              layers.push({ fill, alpha })
              if (alpha >= 1) break
            }
            let behind = page
            for (const layer of layers.reverse()) behind = behind.map((c, i) => Math.round(layer.alpha * layer.fill[i]! + (1 - layer.alpha) * c))
            texts.push({ text: label, color: `rgb(${color.join(',')})`, behind: `rgb(${behind.join(',')})`, contrast: Math.round(contrast(color, behind) * 100) / 100 })
          }
          charts.push({
            title: (svg.querySelector('.titleText')?.textContent ?? '').trim(),
            ticks: Array.from(svg.querySelectorAll('.tick text')).map((t) => (t.textContent ?? '').trim()),
            texts,
            width: svg.getBoundingClientRect().width,
          })
        }
        probe.remove()

        const visible = (el: Element) => !el.closest('details:not([open])') && (el as HTMLElement).offsetHeight > 0
        return {
          boxWidth: box.width,
          overflowing,
          headings: Array.from(article.querySelectorAll('h1,h2,h3,h4')).map((h) => (h.textContent ?? '').trim()),
          visibleText: article.innerText,
          alerts: Array.from(article.querySelectorAll('.markdown-alert')).map((a) => ({ kind: a.className.replace(/.*markdown-alert-/, ''), text: (a.textContent ?? '').trim(), visible: visible(a) })),
          charts,
          links: Array.from(article.querySelectorAll('a')).filter((a) => !a.closest('code')).map((a) => a.getAttribute('href') ?? ''),
          prose: (() => {
            const copy = article.cloneNode(true) as HTMLElement
            for (const el of Array.from(copy.querySelectorAll('code, pre, svg, .mermaid-frame'))) el.remove()
            return copy.textContent ?? ''
          })(),
        }
      }, { theme, background: PAGE_BACKGROUND[theme] })
    } finally {
      await page.close()
    }
  }
}

/**
 * What GitHub would link in prose on its own, beyond what cmark-gfm's autolink extension
 * already made into <a>: issue references (#12, GH-12, owner/repo#12) and @mentions.
 * `text` is the rendered text with code removed.
 */
export function githubAutolinks(text: string): string[] {
  return [...text.matchAll(/(?:^|[^\w&/`])((?:[\w.-]+\/[\w.-]+)?#\d+|GH-\d+|@[A-Za-z0-9][\w-]*)/g)].map((m) => m[1]!)
}
