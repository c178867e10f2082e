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
    // The word joiner that keeps GitHub from linking `#12` or `@name` (report/markdown.ts text()).
    .replace(/\u2060/g, '')
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
  // Too wide for the terminal: share the width out, narrowest columns first, each getting
  // its natural width or an equal share of what is left (its cells then wrap).
  const natural = [...widths]
  let room = options.columns - 2 - 2 * (columns - 1)
  if (natural.reduce((a, b) => a + b, 0) > room) {
    const order = natural.map((w, i) => [w, i] as const).sort((a, b) => a[0] - b[0])
    order.forEach(([w, i], k) => {
      const share = Math.max(8, Math.floor(room / (order.length - k)))
      widths[i] = Math.min(w, share)
      room -= widths[i]!
    })
  }
  const line = (r: string[]) => {
    const wrapped = widths.map((w, i) => wrap(r[i] ?? '', w))
    const height = Math.max(...wrapped.map((c) => c.length))
    return Array.from({ length: height }, (_, l) =>
      ('  ' + widths.map((w, i) => {
        const text = wrapped[i]?.[l] ?? ''
        return text + ' '.repeat(Math.max(0, w - width(text)))
      }).join('  ')).trimEnd())
  }
  const [head, ...rest] = body
  if (!head) return []
  const rule = '  ' + widths.map((w) => '─'.repeat(w)).join('  ')
  const heading = head.every((c) => c === '') ? [] : [...line(head).map((l) => (options.color ? `${ESC}1m${l}${ESC}22m` : l)), rule]
  return [...heading, ...rest.flatMap(line)]
}

/** Words of `text` in lines of at most `max` columns (a longer word is cut). */
function wrap(text: string, max: number): string[] {
  const out: string[] = []
  let current = ''
  for (const word of text.split(' ')) {
    const piece = width(word) > max ? cut(word, max) : word
    if (current && width(current) + 1 + width(piece) > max) {
      out.push(current)
      current = piece
    } else current = current ? `${current} ${piece}` : piece
  }
  out.push(current)
  return out
}

export function renderMarkdown(markdown: string, options: RenderOptions = {}): string {
  const o: Required<RenderOptions> = {
    color: options.color ?? false,
    source: options.source ?? 'the summary file',
    maxCell: options.maxCell ?? 600,
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
        // The first line that is not a %% directive (the charts set their colours in one) names the kind.
        const kind = block.find((l) => l.trim() && !l.trim().startsWith('%%'))?.trim().split(/\s/)[0] ?? 'chart'
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
    const item = /^(\s*)\d+\. (.*)$/.exec(line)
    if (item) {
      const previous = /^\s*(\d+)\. /.exec(out[out.length - 1] ?? '')
      out.push(`${item[1]}${previous ? Number(previous[1]) + 1 : 1}. ${inline(item[2] ?? '', o.color)}`)
      continue
    }
    const stripped = inline(line, o.color)
    if (stripped.trim() === '' && line.trim() !== '') continue // a line of tags only
    out.push(stripped.replace(/^(\s*)[-*] /, '$1• ').replace(/^> ?\[!(NOTE|WARNING|IMPORTANT|TIP|CAUTION)\]$/, (_, kind: string) => `  │ ${kind[0]}${kind.slice(1).toLowerCase()}:`).replace(/^> ?/, '  │ '))
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim()
}
