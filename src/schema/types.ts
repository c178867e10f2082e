// The plain, serialisable shapes of the schema engine: a snapshot of one server's user
// schemas (read by snapshot.ts), the replication facts that decide what a difference
// means (replication-context.ts), and one classified difference (compare.ts).

export type Flavor = 'mysql' | 'mariadb'

/** How a column's default is declared, normalised across MySQL's and MariaDB's information_schema. */
export type ColumnDefault =
  | { kind: 'none' }
  | { kind: 'null' }
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; value: string }

export interface ColumnSnapshot {
  name: string
  /** 1-based position, as ORDINAL_POSITION (invisible columns keep their place). */
  position: number
  /** COLUMN_TYPE lower-cased, e.g. `varchar(255)`, `int(10) unsigned`, `enum('a','b')`. */
  columnType: string
  /** DATA_TYPE lower-cased, e.g. `varchar`, `int`, `enum`. */
  dataType: string
  /** CHARACTER_MAXIMUM_LENGTH (characters), null for non-string types. */
  charLength: number | null
  /** CHARACTER_OCTET_LENGTH (bytes), null for non-string types. */
  octetLength: number | null
  numericPrecision: number | null
  numericScale: number | null
  datetimePrecision: number | null
  charset: string | null
  collation: string | null
  nullable: boolean
  default: ColumnDefault
  /** EXTRA lower-cased without MySQL's `default_generated` marker, e.g. `auto_increment`. */
  extra: string
  /** Set for generated columns: the expression and whether it is stored (else virtual). */
  generated: { expression: string; stored: boolean } | null
  invisible: boolean
}

export interface IndexColumn {
  /** Null for a functional key part (MySQL 8.0.13+); `expression` then holds it. */
  name: string | null
  subPart: number | null
  expression: string | null
  descending: boolean
}

export interface IndexSnapshot {
  name: string
  primary: boolean
  unique: boolean
  /** INDEX_TYPE: BTREE, HASH, FULLTEXT, SPATIAL. */
  type: string
  columns: IndexColumn[]
}

export interface PartitionSnapshot {
  name: string
  /** PARTITION_DESCRIPTION: the VALUES LESS THAN / IN list, null for HASH and KEY. */
  description: string | null
}

export interface PartitioningSnapshot {
  method: string
  expression: string | null
  subMethod: string | null
  subExpression: string | null
  partitions: PartitionSnapshot[]
}

export interface TableSnapshot {
  schema: string
  name: string
  engine: string | null
  /** TABLE_COLLATION, and the character set it belongs to. */
  collation: string | null
  charset: string | null
  /** Next AUTO_INCREMENT value; null when not read (see SnapshotOptions.autoIncrement) or none. */
  autoIncrement: number | null
  columns: ColumnSnapshot[]
  indexes: IndexSnapshot[]
  partitioning: PartitioningSnapshot | null
}

export interface SchemaSnapshot {
  server: { flavor: Flavor; version: string; lowerCaseTableNames: number }
  /** ISO time the snapshot was taken. */
  takenAt: string
  /** The user schemas read (excluded ones are not listed). */
  schemas: string[]
  /** Sorted by schema, then table name. */
  tables: TableSnapshot[]
  /** What the snapshot cost, for reports and benchmarks. */
  stats: { queries: number; ms: number }
}

export type BinlogFormat = 'ROW' | 'MIXED' | 'STATEMENT'

/** A value of replica_type_conversions (MySQL 8.0.26+) / slave_type_conversions (older, MariaDB). */
export type TypeConversion = 'ALL_LOSSY' | 'ALL_NON_LOSSY' | 'ALL_SIGNED' | 'ALL_UNSIGNED'

/** The replication facts that decide whether a difference breaks green's replication. */
export interface ReplicationContext {
  /** Blue's binlog_format: how changes reach green (statements, rows, or statements with rows when unsafe). */
  binlogFormat: BinlogFormat
  /** Green's replica_type_conversions; empty (the RDS default) allows no row-based type conversion. */
  typeConversions: TypeConversion[]
  /** Green's server flavor, where a rule differs (MariaDB refuses some row conversions MySQL allows). */
  greenFlavor?: Flavor
}

export type DifferenceKind = 'compatible' | 'incompatible'
