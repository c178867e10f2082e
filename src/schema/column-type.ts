// Parses a column type as information_schema.COLUMNS.COLUMN_TYPE writes it (`int(10) unsigned`,
// `varchar(255)`, `enum('a','b')`, `decimal(10,2)`) into the parts the conversion rules need,
// and gives each type the size row-based replication compares (bytes for strings).

export type TypeFamily = 'integer' | 'decimal' | 'float' | 'string' | 'binary' | 'bit' | 'temporal' | 'enum' | 'set' | 'other'

export interface ParsedType {
  /** Lower-case base name with aliases resolved: integer -> int, numeric -> decimal, bool -> tinyint. */
  base: string
  family: TypeFamily
  /** The numbers in parentheses: length, (precision, scale), or fractional-seconds precision. */
  args: number[]
  unsigned: boolean
  /** ENUM / SET members, in order. */
  members: string[]
}

const ALIASES: Record<string, string> = {
  integer: 'int',
  int4: 'int',
  int8: 'bigint',
  int3: 'mediumint',
  int2: 'smallint',
  int1: 'tinyint',
  middleint: 'mediumint',
  numeric: 'decimal',
  dec: 'decimal',
  fixed: 'decimal',
  bool: 'tinyint',
  boolean: 'tinyint',
  real: 'double',
  'double precision': 'double',
  float4: 'float',
  float8: 'double',
  character: 'char',
  'character varying': 'varchar',
  'long varchar': 'mediumtext',
  long: 'mediumtext',
  'long varbinary': 'mediumblob',
}

const FAMILY: Record<string, TypeFamily> = {
  tinyint: 'integer',
  smallint: 'integer',
  mediumint: 'integer',
  int: 'integer',
  bigint: 'integer',
  decimal: 'decimal',
  float: 'float',
  double: 'float',
  char: 'string',
  varchar: 'string',
  tinytext: 'string',
  text: 'string',
  mediumtext: 'string',
  longtext: 'string',
  binary: 'binary',
  varbinary: 'binary',
  tinyblob: 'binary',
  blob: 'binary',
  mediumblob: 'binary',
  longblob: 'binary',
  bit: 'bit',
  date: 'temporal',
  time: 'temporal',
  datetime: 'temporal',
  timestamp: 'temporal',
  year: 'temporal',
  enum: 'enum',
  set: 'set',
}

/** Bytes of each integer type: what MySQL's compare_lengths() orders integer conversions by. */
export const INTEGER_BYTES: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 8 }

/** Maximum bytes of the variable-length types without a declared length. */
const LOB_BYTES: Record<string, number> = {
  tinytext: 255,
  text: 65_535,
  mediumtext: 16_777_215,
  longtext: 4_294_967_295,
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: 4_294_967_295,
}

/** Bytes per character of the common character sets (mbmaxlen); unknown ones count as 4. */
const CHARSET_BYTES: Record<string, number> = {
  latin1: 1,
  latin2: 1,
  ascii: 1,
  binary: 1,
  cp1250: 1,
  cp1251: 1,
  cp1252: 1,
  greek: 1,
  hebrew: 1,
  tis620: 1,
  utf8: 3,
  utf8mb3: 3,
  utf8mb4: 4,
  ucs2: 2,
  utf16: 4,
  utf16le: 4,
  utf32: 4,
  sjis: 2,
  cp932: 2,
  ujis: 3,
  eucjpms: 3,
  gbk: 2,
  gb2312: 2,
  gb18030: 4,
  big5: 2,
  euckr: 2,
}

export function charsetBytes(charset: string | null | undefined): number {
  if (!charset) return 4
  return CHARSET_BYTES[charset.toLowerCase()] ?? 4
}

/** The character set a collation belongs to (`utf8mb4_0900_ai_ci` -> `utf8mb4`, `binary` -> `binary`). */
export function charsetOfCollation(collation: string | null | undefined): string | null {
  if (!collation) return null
  const lower = collation.toLowerCase()
  if (lower === 'binary') return 'binary'
  const underscore = lower.indexOf('_')
  return underscore > 0 ? lower.slice(0, underscore) : lower
}

function splitMembers(list: string): string[] {
  const members: string[] = []
  const re = /'((?:[^']|'')*)'/g
  for (let m = re.exec(list); m; m = re.exec(list)) members.push((m[1] ?? '').replace(/''/g, "'"))
  return members
}

export function parseColumnType(columnType: string): ParsedType {
  const text = columnType.trim().toLowerCase()
  const open = text.indexOf('(')
  const close = text.lastIndexOf(')')
  const rawName = (open >= 0 ? text.slice(0, open) : text.split(/\s+(?:unsigned|signed|zerofill)\b/)[0] ?? text).trim()
  const name = ALIASES[rawName] ?? rawName
  const inner = open >= 0 && close > open ? text.slice(open + 1, close) : ''
  const rest = close > open ? text.slice(close + 1) : text.slice(rawName.length)
  const family = FAMILY[name] ?? 'other'
  const members = family === 'enum' || family === 'set' ? splitMembers(inner) : []
  const args =
    family === 'enum' || family === 'set' || inner === ''
      ? []
      : inner.split(',').map((part) => Number(part.trim())).filter((n) => Number.isFinite(n))
  return { base: name, family, args, unsigned: /\bunsigned\b/.test(rest), members }
}

/**
 * The byte size row-based replication compares for string and binary types: declared length
 * times the character set's bytes per character for CHAR/VARCHAR, the fixed maximum for the
 * TEXT/BLOB types. `octetLength` (CHARACTER_OCTET_LENGTH) wins when the server reported it.
 */
export function maxBytes(type: ParsedType, charset: string | null, octetLength?: number | null): number {
  if (octetLength !== null && octetLength !== undefined && type.family !== 'binary') return octetLength
  const lob = LOB_BYTES[type.base]
  if (lob !== undefined) return lob
  const length = type.args[0] ?? 1
  return type.family === 'binary' ? length : length * charsetBytes(charset)
}

/** Bytes ENUM / SET values take in a row (what row events carry): depends on the member count. */
export function memberPackLength(type: ParsedType): number {
  const n = type.members.length
  if (type.family === 'enum') return n > 255 ? 2 : 1
  const bytes = Math.ceil(n / 8)
  return bytes > 4 ? 8 : Math.max(bytes, 1)
}
