// RDS error codes on the wire are not always the SDK's exception names: some drop "Fault"
// (DBInstanceNotFound), some keep it (DBClusterNotFoundFault). Match both spellings.

/** True when `error` is an AWS service error whose name or code is one of `codes` (with or without "Fault"). */
export function isAwsError(error: unknown, ...codes: string[]): boolean {
  if (typeof error !== 'object' || error === null) return false
  const e = error as { name?: unknown; Code?: unknown; code?: unknown }
  const seen = [e.name, e.Code, e.code].filter((v): v is string => typeof v === 'string').map(bare)
  return codes.some((code) => seen.includes(bare(code)))
}

function bare(code: string): string {
  return code.replace(/Fault$/, '')
}
