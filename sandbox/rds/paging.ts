// Marker/MaxRecords pagination and Filters, the way every RDS Describe* call takes them.
import { RdsError, invalidParameter } from './errors.js'

export interface PageInput {
  MaxRecords?: number
  Marker?: string
}

/** One page of `items` and the Marker for the next, or none when it is the last. */
export function paginate<T>(items: T[], input: PageInput, max = 100): { page: T[]; Marker?: string } {
  const size = input.MaxRecords ?? max
  if (!Number.isInteger(size) || size < 20 || size > max) {
    throw invalidParameter(`Invalid value ${String(input.MaxRecords)} for MaxRecords. Must be between 20 and ${max}`)
  }
  const start = input.Marker ? Number(Buffer.from(input.Marker, 'base64').toString('utf8')) : 0
  if (!Number.isInteger(start) || start < 0) throw invalidParameter(`Invalid marker: ${input.Marker}`)
  const page = items.slice(start, start + size)
  const next = start + size < items.length ? Buffer.from(String(start + size)).toString('base64') : undefined
  return next ? { page, Marker: next } : { page }
}

export interface Filter {
  Name?: string
  Values?: string[]
}

/** Applies Filters: each names a known filter whose accessor gives the values an item matches. */
export function applyFilters<T>(items: T[], filters: Filter[] | undefined, known: Record<string, (item: T) => string[]>): T[] {
  if (!filters) return items
  let out = items
  for (const filter of filters) {
    const accessor = filter.Name ? known[filter.Name] : undefined
    if (!accessor) {
      throw new RdsError('InvalidParameterValue', `Unrecognized filter name: ${filter.Name ?? '(none)'}. Known: ${Object.keys(known).join(', ')}`)
    }
    const values = filter.Values ?? []
    out = out.filter((item) => accessor(item).some((v) => values.includes(v)))
  }
  return out
}
