// Parsers for the kinds of value inputs take. Each returns the typed value or throws an
// InputError naming the input, the value and the accepted form.
import { InputError } from './errors.js'

// ---------------------------------------------------------------- booleans
// The YAML 1.2 core schema booleans, exactly what @actions/core's getBooleanInput accepts,
// so `true`, `True`, `TRUE` work and `yes`/`on`/`1` are refused rather than guessed at.
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

export function parseBoolean(name: string, raw: string): boolean {
  if (TRUE.has(raw)) return true
  if (FALSE.has(raw)) return false
  return fail(name, raw, 'expected true or false')
}

// ---------------------------------------------------------------- durations
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }
const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/

/** Renders milliseconds the way a user writes them: 100ms, 30s, 5m, 1h, 90s. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms >= 3_600_000) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0 && ms >= 60_000) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}

export interface DurationRule {
  minMs: number
  maxMs: number
  /** Examples shown in the error, e.g. ['300', '5m']. */
  examples: string[]
  /** Whole seconds only (an API takes an integer number of seconds). */
  wholeSeconds?: boolean
}

/** A number of seconds (`300`, `1.5`) or a number with a unit (`100ms`, `30s`, `5m`, `1h`). */
export function parseDuration(name: string, raw: string, rule: DurationRule): number {
  const expected = () => {
    // An API that takes seconds gets its range in seconds (30s and 3600s, not 1h).
    const show = (ms: number) => (rule.wholeSeconds ? `${ms / 1000}s` : formatDuration(ms))
    const range = `between ${show(rule.minMs)} and ${show(rule.maxMs)}${rule.wholeSeconds ? ', in whole seconds' : ''}`
    return `expected a duration ${range}, e.g. ${rule.examples.join(' or ')}`
  }
  const match = DURATION.exec(raw.trim())
  if (!match) return fail(name, raw, expected())
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1000)
  if (!Number.isFinite(ms) || ms < rule.minMs || ms > rule.maxMs) return fail(name, raw, expected())
  if (!Number.isInteger(ms) || (rule.wholeSeconds && ms % 1000 !== 0)) return fail(name, raw, expected())
  return ms
}

// ---------------------------------------------------------------- integers and enums
export function parseInteger(name: string, raw: string, min: number, max: number, example: string): number {
  if (!/^\d+$/.test(raw.trim())) return fail(name, raw, `expected a whole number between ${min} and ${max}, e.g. ${example}`)
  const value = Number(raw.trim())
  if (value < min || value > max) return fail(name, raw, `expected a whole number between ${min} and ${max}, e.g. ${example}`)
  return value
}

export function parseChoice<T extends string>(name: string, raw: string, choices: readonly T[], caseInsensitive = true): T {
  const wanted = caseInsensitive ? raw.trim().toLowerCase() : raw.trim()
  const found = choices.find((c) => (caseInsensitive ? c.toLowerCase() : c) === wanted)
  if (found === undefined) return fail(name, raw, `expected one of ${choices.join(', ')}`)
  return found
}

// ---------------------------------------------------------------- AWS names
/**
 * RDS DB instance and DB cluster identifiers: 1 to 63 letters, digits or hyphens; the
 * first a letter; no two consecutive hyphens; not ending with a hyphen. RDS stores them in
 * lowercase and matches them case-insensitively, so they are lowercased here.
 */
export function isRdsIdentifier(value: string): boolean {
  return /^[A-Za-z](?:[A-Za-z0-9-]{0,62})$/.test(value) && !value.includes('--') && !value.endsWith('-')
}

export const RDS_IDENTIFIER_RULE =
  '1 to 63 letters, digits or hyphens, starting with a letter, without "--" or a trailing hyphen'

/** DB (cluster) parameter group names; default groups have dots (default.mysql8.0). */
export function parseParameterGroupName(name: string, raw: string): string {
  const v = raw.trim()
  if (/^[A-Za-z][A-Za-z0-9.-]{0,254}$/.test(v) && !v.includes('--') && !v.endsWith('-')) return v
  return fail(
    name,
    raw,
    'expected a parameter group name: 1 to 255 letters, digits, dots or hyphens, starting with a letter, e.g. my-mysql80-bluegreen',
  )
}

export const REGION = /^[a-z]{2,5}(?:-[a-z0-9]+)+-\d{1,2}$/

export function parseRegion(name: string, raw: string): string {
  const v = raw.trim()
  if (REGION.test(v)) return v
  return fail(name, raw, 'expected an AWS Region code, e.g. us-east-1 or eu-west-1')
}

// ---------------------------------------------------------------- tags
export interface Tag {
  Key: string
  Value: string
}

// AWS tag characters: letters, digits, spaces and _ . : / = + - @ (no commas).
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/**
 * `key=value` pairs separated by commas or newlines (tag text cannot contain a comma):
 *   tags: |
 *     team=payments
 *     change=CHG-1234
 */
export function parseTags(name: string, raw: string): Tag[] {
  const tags: Tag[] = []
  const form = 'expected key=value pairs separated by commas or newlines, e.g. team=payments,change=CHG-1234'
  for (const part of raw.split(/[,\n]/)) {
    const item = part.trim()
    if (item === '') continue
    const eq = item.indexOf('=')
    if (eq <= 0) return fail(name, raw, `${form} ("${item}" has no key=value)`)
    const key = item.slice(0, eq).trim()
    const value = item.slice(eq + 1).trim()
    if (key.length > 128 || value.length > 256 || !TAG_TEXT.test(key) || !TAG_TEXT.test(value)) {
      return fail(name, raw, `${form}; keys up to 128 and values up to 256 letters, digits, spaces or _.:/=+-@`)
    }
    if (key.toLowerCase().startsWith('aws:')) return fail(name, raw, `${form}; keys starting with aws: are reserved by AWS`)
    if (tags.some((t) => t.Key === key)) return fail(name, raw, `${form}; key "${key}" is given twice`)
    tags.push({ Key: key, Value: value })
  }
  if (tags.length > 50) return fail(name, raw, `${form}; at most 50 tags`)
  return tags
}

export function fail(name: string, raw: string, expected: string): never {
  throw new InputError(name, raw, expected)
}
