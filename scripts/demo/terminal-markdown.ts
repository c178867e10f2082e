// Renders a job summary (GitHub markdown, as src/report/markdown.ts writes it) readably in
// a terminal: headings emphasised, tables aligned in columns, HTML tags and link targets
// dropped, Mermaid charts replaced by a pointer to the file that has them.
// Only the constructs the reports use are handled; anything else passes through as text.

export interface RenderOptions {
  /** ANSI bold/dim (for a TTY). */
  color?: boolean
  /** Where the full markdown is, named in place of each chart. */
  source?: string
  /** Widest a table cell may be before it is cut with an ellipsis. */
  maxCell?: number
  /** Terminal width: a wider table is shown as one record per row. */
  columns?: number
}

const ESC = '\u001b['
const ANSI = new RegExp(`${ESC.replace('[', '\\[')}[0-9;]*m`, 'g')

function inline(text: string, color: boolean): string {
  let out = text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/?(details|summary|sub|sup|b|i|code|p|div|span)[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
  out = color ? out.replace(/\*\*([^*]+)\*\*/g, `${ESC}1m$1${ESC}22m`) : out.replace(/\*\*([^*]+)\*\*/g, '$1')
  return out.replace(/`([^`]+)`/g, '$1')
}

/** Visible width (ANSI codes excluded; emoji count as two columns, as terminals draw them). */
function width(text: string): number {
  const plain = text.replace(ANSI, '')
  let w = 0
  for (const ch of plain) w += /\p{Extended_Pictographic}/u.test(ch) ? 2 : ch === '\ufe0f' ? 0 : 1
  return w
}

function cut(text: string, max: number): string {
  if (width(text) <= max) return text
  let out = ''
  for (const ch of text) {
    if (width(out + ch) >= max) break
    out += ch
  }
  return `${out}…`
}

function cells(row: string): string[] {
  return row.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'))
}

function table(rows: string[], options: Required<RenderOptions>): string[] {
  const body = rows.filter((r) => !/^\s*\|?\s*:?-{2,}/.test(r)).map((r) => cells(r).map((c) => cut(inline(c, options.color), options.maxCell)))
  const columns = Math.max(...body.map((r) => r.length))
  const widths = Array.from({ length: columns }, (_, i) => Math.max(...body.map((r) => width(r[i] ?? ''))))
  const line = (r: string[]) => '  ' + widths.map((w, i) => (r[i] ?? '') + ' '.repeat(w - width(r[i] ?? ''))).join('  ').trimEnd()
  const [head, ...rest] = body
  if (!head) return []
  if (widths.reduce((a, b) => a + b + 2, 2) <= options.columns) {
    const rule = '  ' + widths.map((w) => '─'.repeat(w)).join('  ')
    return [options.color ? `${ESC}1m${line(head)}${ESC}22m` : line(head), rule, ...rest.map(line)]
  }
  // Too wide: the short cells on one line, each long one under it, labelled by its header.
  return rest.flatMap((row) => {
    const short = row.filter((c) => width(c) <= 32 && c !== '')
    const long = row.flatMap((c, i) => (width(c) > 32 ? [`    ${head[i] ? `${head[i]}: ` : ''}${c}`] : []))
    return [`  • ${short.join('  ')}`, ...long.flatMap((l) => wrap(l, options.columns, '      '))]
  })
}

function wrap(text: string, columns: number, indent: string): string[] {
  const out: string[] = []
  let current = ''
  for (const word of text.split(' ')) {
    if (current && width(current) + 1 + width(word) > columns) {
      out.push(current)
      current = indent + word
    } else current = current ? `${current} ${word}` : word
  }
  if (current) out.push(current)
  return out
}

export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  const o: Required<RenderOptions> = {
    color: options.color ?? false,
    source: options.source ?? 'the summary file',
    maxCell: options.maxCell ?? 200,
    columns: options.columns ?? 100,
  }
  const lines = markdown.replace(/\r\n/g, '\n').split('\n')
  const out: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const fence = /^```(\w*)/.exec(line)
    if (fence) {
      const block: string[] = []
      for (i++; i < lines.length && !/^```/.test(lines[i] ?? ''); i++) block.push(lines[i] ?? '')
      if (fence[1] === 'mermaid') {
        const kind = block.find((l) => l.trim())?.trim().split(/\s/)[0] ?? 'chart'
        out.push(`  [Mermaid ${kind}: rendered by GitHub; see ${o.source}]`)
      } else {
        out.push(...block.map((l) => `    ${l}`))
      }
      continue
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[] = []
      for (; i < lines.length && /^\s*\|/.test(lines[i] ?? ''); i++) rows.push(lines[i] ?? '')
      i--
      out.push(...table(rows, o))
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const text = inline(heading[2] ?? '', false)
      out.push(o.color ? `${ESC}1;4m${text}${ESC}0m` : heading[1]!.length <= 3 ? `${text}\n${'='.repeat(Math.min(width(text), 78))}` : text)
      continue
    }
    const stripped = inline(line, o.color)
    if (stripped.trim() === '' && line.trim() !== '') continue // a line of tags only
    out.push(stripped.replace(/^(\s*)[-*] /, '$1• ').replace(/^> ?/, '  │ '))
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim()
}
