// GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page`
// (from 1), with a Link header naming the first, prev, next and last pages. Octokit's
// paginate() follows rel="next" until there is none, so the header must be exact.

export interface Page<T> {
  items: T[]
  /** The Link header value, or undefined when everything fits on one page. */
  link: string | undefined
}

export class PaginationError extends Error {}

function positiveInteger(value: string | null, name: string, fallback: number): number {
  if (value === null || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) throw new PaginationError(`${name} must be a positive integer, got '${value}'`)
  return n
}

/**
 * Cuts `all` into the page the query asks for. `pageUrl` is the URL links point to
 * (GitHub uses /repositories/<id>/... there); the request's other query parameters are kept.
 */
export function paginate<T>(all: T[], query: URLSearchParams, pageUrl: string): Page<T> {
  const perPage = Math.min(positiveInteger(query.get('per_page'), 'per_page', 30), 100)
  const page = positiveInteger(query.get('page'), 'page', 1)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const items = all.slice((page - 1) * perPage, page * perPage)
  if (last === 1 && page === 1) return { items, link: undefined }
  const href = (n: number) => {
    const params = new URLSearchParams(query)
    params.set('page', String(n))
    return `<${pageUrl}?${params.toString()}>`
  }
  const links: string[] = []
  if (page > 1) links.push(`${href(Math.min(page - 1, last))}; rel="prev"`)
  if (page < last) links.push(`${href(page + 1)}; rel="next"`, `${href(last)}; rel="last"`)
  if (page > 1) links.push(`${href(1)}; rel="first"`)
  return { items, link: links.join(', ') }
}
