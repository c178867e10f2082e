// The deployment's name when `deployment` is empty: `<source>-bg` (seed 000 named it
// source_database-bg). RDS names are 1 to 60 letters, digits and hyphens, starting with a
// letter, without consecutive hyphens or a trailing one; source identifiers are up to 63
// characters of the same alphabet, so a long one is shortened.
export const NAME_SUFFIX = '-bg'
const MAX = 60

export function deploymentNameFor(source: string): string {
  const base = source.slice(0, MAX - NAME_SUFFIX.length).replace(/-+$/, '')
  return `${base}${NAME_SUFFIX}`
}
