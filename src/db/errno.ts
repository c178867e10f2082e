// MySQL (and MariaDB) server error numbers the action acts on. Errors are matched by number,
// never by text: the texts differ between versions and servers.
export const ER = {
  TABLEACCESS_DENIED: 1142,
  BAD_DB: 1049,
  DUP_ENTRY: 1062,
  PARSE_ERROR: 1064,
  KEY_NOT_FOUND: 1032,
  NO_SUCH_TABLE: 1146,
  UNKNOWN_SYSTEM_VARIABLE: 1193,
  SOURCE_FATAL_ERROR_READING_BINLOG: 1236,
  OPTION_PREVENTS_STATEMENT: 1290,
  NO_BINARY_LOGGING: 1381,
  READ_ONLY_MODE: 1836,
} as const

/** The server error number of an error thrown by mysql2, or undefined for any other error. */
export function errno(error: unknown): number | undefined {
  const n = (error as { errno?: unknown } | null)?.errno
  return typeof n === 'number' ? n : undefined
}
