// How an error reads in a finding, a log line or the step's failure message: one line, with
// the MySQL error number (1045 Access denied ...) or the AWS error code (AccessDenied: ...)
// first when the message does not already say it, no stack, no line breaks.
export function errorLine(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; errno?: unknown; message?: unknown; $metadata?: unknown }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error)
  const aws = e.$metadata !== undefined && typeof e.name === 'string' && !message.includes(e.name)
  const prefix = typeof e.errno === 'number' && e.errno > 0 ? `${e.errno} ` : aws ? `${String(e.name)}: ` : ''
  return `${prefix}${message}`.replace(/\s+/g, ' ').trim()
}
