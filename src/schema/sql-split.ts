// Splits a .sql file into statements with the line each starts on, the way the mysql client
// does: `;` ends a statement unless it is inside a quoted string ('...', "...", `...`) or a
// comment (-- to end of line, # to end of line, /* ... */); a line `DELIMITER xx` changes
// the terminator (for procedures and triggers) until the next DELIMITER line.

export interface SqlStatement {
  /** The statement text without its terminator, comments kept. */
  sql: string
  /** 1-based line of the statement's first character that is not blank or comment. */
  line: number
}

/** True when the text holds nothing but comments and blanks (MySQL's `/*!...*\/` included). */
export function isOnlyComments(sql: string): boolean {
  return stripComments(sql).trim() === ''
}

/** The statement with comments removed (quoted text untouched), for keyword matching. */
export function stripComments(sql: string): string {
  let out = ''
  let i = 0
  while (i < sql.length) {
    const c = sql[i] as string
    const next = sql[i + 1]
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i)
      out += sql.slice(i, end)
      i = end
    } else if (c === '#' || (c === '-' && next === '-' && /\s|$/.test(sql[i + 2] ?? ''))) {
      const end = sql.indexOf('\n', i)
      i = end < 0 ? sql.length : end
    } else if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end < 0 ? sql.length : end + 2
      out += ' '
    } else {
      out += c
      i++
    }
  }
  return out
}

/** Index just past the quote that closes the one at `start` (backslash escapes and doubled quotes). */
function closingQuote(text: string, start: number): number {
  const quote = text[start]
  let i = start + 1
  while (i < text.length) {
    const c = text[i]
    if (c === '\\' && quote !== '`') {
      i += 2
    } else if (c === quote) {
      if (text[i + 1] === quote) i += 2
      else return i + 1
    } else {
      i++
    }
  }
  return text.length
}

export function splitStatements(text: string): SqlStatement[] {
  const out: SqlStatement[] = []
  let delimiter = ';'
  let start = 0
  let firstCode = -1 // index of the statement's first code character
  let i = 0
  const lineAt = (() => {
    const starts = [0]
    for (let k = 0; k < text.length; k++) if (text[k] === '\n') starts.push(k + 1)
    return (index: number) => {
      let lo = 0
      let hi = starts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if ((starts[mid] ?? 0) <= index) lo = mid
        else hi = mid - 1
      }
      return lo + 1
    }
  })()
  const push = (end: number) => {
    const sql = text.slice(start, end)
    if (firstCode >= 0 && !isOnlyComments(sql)) out.push({ sql: sql.trim(), line: lineAt(firstCode) })
    firstCode = -1
  }

  while (i < text.length) {
    const c = text[i] as string
    const next = text[i + 1]
    const atLineStart = i === 0 || text[i - 1] === '\n'
    if (atLineStart && firstCode < 0) {
      const lineEnd = text.indexOf('\n', i)
      const line = text.slice(i, lineEnd < 0 ? text.length : lineEnd)
      const directive = /^\s*delimiter\s+(\S+)\s*$/i.exec(line)
      if (directive) {
        delimiter = directive[1] as string
        i = lineEnd < 0 ? text.length : lineEnd + 1
        start = i
        continue
      }
    }
    if (c === "'" || c === '"' || c === '`') {
      if (firstCode < 0) firstCode = i
      i = closingQuote(text, i)
    } else if (c === '#' || (c === '-' && next === '-' && /\s|$/.test(text[i + 2] ?? ''))) {
      const end = text.indexOf('\n', i)
      i = end < 0 ? text.length : end
    } else if (c === '/' && next === '*') {
      // Executable comments (/*! ... */) count as code: mysqldump's SET statements live in them.
      if (text[i + 2] === '!' && firstCode < 0) firstCode = i
      const end = text.indexOf('*/', i + 2)
      i = end < 0 ? text.length : end + 2
    } else if (text.startsWith(delimiter, i)) {
      push(i)
      i += delimiter.length
      start = i
    } else {
      if (firstCode < 0 && !/\s/.test(c)) firstCode = i
      i++
    }
  }
  push(text.length)
  return out
}
