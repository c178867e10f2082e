// information_schema.COLUMNS.COLUMN_DEFAULT and EXTRA read differently on MySQL and MariaDB:
//  - MySQL: string literals unquoted (`abc`), SQL NULL for both "no default" and DEFAULT NULL,
//    expression defaults marked by `DEFAULT_GENERATED` in EXTRA (8.0.13+), `CURRENT_TIMESTAMP`.
//  - MariaDB (10.2.7+): literals quoted (`'abc'`, numbers bare), the text `NULL` for DEFAULT NULL,
//    SQL NULL for no default, expressions as written (`current_timestamp()`).
// Both normalise to one ColumnDefault so blue and green compare equal when they mean the same.
import type { ColumnDefault, Flavor } from './types.js'

/** Canonical expression text: lower case, no spaces or backticks, NOW()/CURRENT_TIMESTAMP() unified. */
export function canonicalExpression(expression: string): string {
  return expression
    .toLowerCase()
    .replace(/[`\s]/g, '')
    .replace(/^\((.*)\)$/, '$1')
    .replace(/\b(?:now|localtimestamp|localtime|current_timestamp)(?:\(\))?/g, 'current_timestamp')
    .replace(/current_timestamp\((\d)\)/g, 'current_timestamp($1)')
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i
const BIT_OR_HEX = /^(?:b'[01]*'|0x[0-9a-f]+|x'[0-9a-f]*')$/i

export function normaliseDefault(
  flavor: Flavor,
  raw: string | null,
  nullable: boolean,
  extra: string,
  generated: boolean,
): ColumnDefault {
  if (generated) return { kind: 'none' }
  if (flavor === 'mariadb') {
    if (raw === null) return { kind: 'none' }
    if (raw === 'NULL') return { kind: 'null' }
    if (raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2) {
      return { kind: 'literal', value: raw.slice(1, -1).replace(/''/g, "'").replace(/\\\\/g, '\\') }
    }
    if (NUMBER.test(raw) || BIT_OR_HEX.test(raw)) return { kind: 'literal', value: raw }
    return { kind: 'expression', value: canonicalExpression(raw) }
  }
  if (raw === null) return nullable ? { kind: 'null' } : { kind: 'none' }
  if (/default_generated/i.test(extra)) return { kind: 'expression', value: canonicalExpression(raw) }
  return { kind: 'literal', value: raw }
}

/** EXTRA lower-cased, MySQL's DEFAULT_GENERATED marker and the generated/invisible words removed (kept elsewhere). */
export function normaliseExtra(extra: string | null): string {
  return (extra ?? '')
    .toLowerCase()
    .replace(/default_generated/g, '')
    .replace(/\b(?:virtual|stored|persistent) generated\b|\bgenerated\b|\binvisible\b/g, '')
    .replace(/current_timestamp\(\)/g, 'current_timestamp')
    .replace(/\s+/g, ' ')
    .trim()
}

export function describeDefault(d: ColumnDefault): string {
  switch (d.kind) {
    case 'none':
      return 'no default'
    case 'null':
      return 'DEFAULT NULL'
    case 'literal':
      return `DEFAULT '${d.value}'`
    case 'expression':
      return `DEFAULT (${d.value})`
  }
}

export function sameDefault(a: ColumnDefault, b: ColumnDefault): boolean {
  if (a.kind !== b.kind) return false
  if (a.kind === 'literal' || a.kind === 'expression') return a.value === (b as typeof a).value
  return true
}
