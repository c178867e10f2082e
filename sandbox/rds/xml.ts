// Encodes an action's result as the AWS Query protocol's XML, walking the operation's output
// schema: element names are the member's xmlName or its name, list items take the list
// member's xmlName or `member`. Only members present in the value are written.
import type { NormalizedSchema } from '@smithy/core/schema'

export const XMLNS = 'http://rds.amazonaws.com/doc/2014-10-31/'

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
}

function scalar(schema: NormalizedSchema, value: unknown): string {
  if (schema.isTimestampSchema()) {
    const date = value instanceof Date ? value : new Date(value as string | number)
    return date.toISOString()
  }
  return escapeXml(String(value))
}

/** The inner XML of `value` shaped by `schema` (without the element's own tags). */
export function encodeBody(schema: NormalizedSchema, value: unknown): string {
  if (schema.isStructSchema()) {
    const record = (value ?? {}) as Record<string, unknown>
    const members = schema.getMemberSchemas()
    for (const key of Object.keys(record)) {
      // A misspelt member would be dropped silently by the SDK: refuse it here instead.
      if (!(key in members) && record[key] !== undefined) throw new Error(`sandbox bug: ${schema.getName()} has no member ${key}`)
    }
    let xml = ''
    for (const [name, member] of schema.structIterator()) {
      const v = record[name]
      if (v === undefined || v === null) continue
      const tag = member.getMergedTraits().xmlName ?? name
      xml += `<${tag}>${encodeBody(member, v)}</${tag}>`
    }
    return xml
  }
  if (schema.isListSchema()) {
    const member = schema.getValueSchema()
    const tag = member.getMergedTraits().xmlName ?? 'member'
    return (value as unknown[]).map((item) => `<${tag}>${encodeBody(member, item)}</${tag}>`).join('')
  }
  if (schema.isMapSchema()) {
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key><value>${encodeBody(schema.getValueSchema(), v)}</value></entry>`)
      .join('')
  }
  return scalar(schema, value)
}

export function successXml(action: string, output: NormalizedSchema, result: unknown, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}">` +
    `<${action}Result>${encodeBody(output, result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  )
}

export function errorXml(code: string, message: string, requestId: string, type = 'Sender'): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId></ErrorResponse>`
  )
}
