// Decodes an AWS Query request body (`Action=...&Version=...&Filters.Filter.1.Name=...`) into
// the object the SDK serialised, walking the operation's input schema exactly as the SDK's
// QueryShapeSerializer walked it: struct members by xmlName or member name, list items as
// `<prefix>.<xmlName|member>.<n>`, maps as `<prefix>.entry.<n>.key/value`.
import type { NormalizedSchema } from '@smithy/core/schema'

export type Params = Map<string, string>

export function parseForm(body: string): Params {
  const params = new Map<string, string>()
  for (const [key, value] of new URLSearchParams(body)) params.set(key, value)
  return params
}

function hasPrefix(params: Params, prefix: string): boolean {
  for (const key of params.keys()) if (key === prefix || key.startsWith(`${prefix}.`)) return true
  return false
}

function join(prefix: string, part: string): string {
  return prefix ? `${prefix}.${part}` : part
}

/** Reads the value at `prefix` for `schema`; undefined when the request did not send it. */
export function decode(schema: NormalizedSchema, params: Params, prefix = ''): unknown {
  if (schema.isStructSchema()) {
    const out: Record<string, unknown> = {}
    for (const [name, member] of schema.structIterator()) {
      const key = join(prefix, member.getMergedTraits().xmlName ?? name)
      const value = decode(member, params, key)
      if (value !== undefined) out[name] = value
    }
    return prefix && Object.keys(out).length === 0 && !hasPrefix(params, prefix) ? undefined : out
  }
  if (schema.isListSchema()) {
    if (params.get(prefix) === '') return []
    const member = schema.getValueSchema()
    const flat = Boolean(schema.getMergedTraits().xmlFlattened)
    const itemName = member.getMergedTraits().xmlName ?? 'member'
    const items: unknown[] = []
    for (let i = 1; ; i++) {
      const key = flat ? join(prefix, String(i)) : join(prefix, `${itemName}.${i}`)
      if (!hasPrefix(params, key)) break
      items.push(decode(member, params, key))
    }
    return items.length > 0 ? items : undefined
  }
  if (schema.isMapSchema()) {
    const out: Record<string, unknown> = {}
    for (let i = 1; ; i++) {
      const key = params.get(join(prefix, `entry.${i}.key`))
      if (key === undefined) break
      out[key] = decode(schema.getValueSchema(), params, join(prefix, `entry.${i}.value`))
    }
    return Object.keys(out).length > 0 ? out : undefined
  }
  const raw = params.get(prefix)
  if (raw === undefined) return undefined
  if (schema.isBooleanSchema()) return raw === 'true'
  if (schema.isNumericSchema()) return Number(raw)
  if (schema.isTimestampSchema()) return new Date(/^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : raw)
  return raw
}
