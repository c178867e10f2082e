// The parameter catalog: which parameters each family knows, their engine defaults and
// metadata as DescribeDBParameters reports them (ApplyType, DataType, AllowedValues,
// IsModifiable, Source), and how each maps onto the real server (`option`: the mariadbd
// option / global variable it sets; none for parameters that only exist on RDS).
// Dynamic vs static follows RDS: on RDS for MySQL binlog_format, read_only and
// event_scheduler are dynamic; on Aurora MySQL binlog_format lives in the cluster group and
// is static (seed 000 had to reboot), and OFF there means no binary log at all.

export type ApplyType = 'static' | 'dynamic'

export interface ParameterSpec {
  name: string
  default?: string
  applyType: ApplyType
  dataType: 'string' | 'integer' | 'boolean'
  allowed?: string
  modifiable: boolean
  description: string
  /** Server option / global variable name on the real server; undefined: RDS-only, not applied. */
  option?: string
  /** Where an unset value comes from in DescribeDBParameters: engine-default or system. */
  source?: 'engine-default' | 'system'
}

export type Family = 'mysql8.0' | 'aurora-mysql8.0'
export type GroupKind = 'db' | 'cluster'

const binlogFormat = (def: string, applyType: ApplyType, allowed: string): ParameterSpec => ({
  name: 'binlog_format', default: def, applyType, dataType: 'string', allowed, modifiable: true,
  description: 'Binary logging format for replication', option: 'binlog_format',
})
const readOnly = (def: string): ParameterSpec => ({
  name: 'read_only', default: def, applyType: 'dynamic', dataType: 'boolean', allowed: '0,1', modifiable: true,
  description: 'When set to 1, only users with the appropriate privileges can write', option: 'read_only',
  source: 'system',
})
const common: ParameterSpec[] = [
  { name: 'binlog_row_image', default: 'FULL', applyType: 'dynamic', dataType: 'string', allowed: 'FULL,MINIMAL,NOBLOB',
    modifiable: true, description: 'Row image written to the binary log in ROW format', option: 'binlog_row_image' },
  { name: 'character_set_server', applyType: 'dynamic', dataType: 'string', allowed: 'latin1,utf8mb3,utf8mb4,ascii,binary',
    modifiable: true, description: 'The server default character set', option: 'character_set_server' },
  { name: 'event_scheduler', default: 'OFF', applyType: 'dynamic', dataType: 'string', allowed: 'ON,OFF', modifiable: true,
    description: 'Enable the event scheduler', option: 'event_scheduler' },
  { name: 'lower_case_table_names', default: '0', applyType: 'static', dataType: 'integer', allowed: '0,1', modifiable: true,
    description: 'How table and database names are stored and compared', option: 'lower_case_table_names' },
  { name: 'log_bin_trust_function_creators', default: '0', applyType: 'dynamic', dataType: 'boolean', allowed: '0,1',
    modifiable: true, description: 'Whether stored function creators can be trusted', option: 'log_bin_trust_function_creators' },
  { name: 'time_zone', applyType: 'dynamic', dataType: 'string', allowed: 'UTC,Asia/Tokyo,Europe/London,US/Eastern',
    modifiable: true, description: 'The server time zone' },
]
const instanceLevel: ParameterSpec[] = [
  { name: 'basedir', default: '/rdsdbbin/mysql', applyType: 'static', dataType: 'string', modifiable: false,
    description: 'The MySQL installation base directory', source: 'system' },
  { name: 'datadir', default: '/rdsdbdata/db/', applyType: 'static', dataType: 'string', modifiable: false,
    description: 'The data directory', source: 'system' },
  { name: 'innodb_buffer_pool_size', default: '{DBInstanceClassMemory*3/4}', applyType: 'static', dataType: 'integer',
    allowed: '5242880-18446744073709551615', modifiable: true, description: 'The size of the InnoDB buffer pool', source: 'system' },
  { name: 'long_query_time', default: '10', applyType: 'dynamic', dataType: 'string', allowed: '0-31536000', modifiable: true,
    description: 'Queries slower than this many seconds are slow', option: 'long_query_time' },
  { name: 'max_connections', default: '{DBInstanceClassMemory/12582880}', applyType: 'dynamic', dataType: 'integer',
    allowed: '1-100000', modifiable: true, description: 'The number of simultaneous client connections allowed',
    option: 'max_connections', source: 'system' },
  { name: 'performance_schema', default: '0', applyType: 'static', dataType: 'boolean', allowed: '0,1', modifiable: true,
    description: 'Enables or disables the Performance Schema' },
  { name: 'slow_query_log', default: '0', applyType: 'dynamic', dataType: 'boolean', allowed: '0,1', modifiable: true,
    description: 'Whether the slow query log is enabled', option: 'slow_query_log' },
]

const CATALOG: Record<`${Family}/${GroupKind}`, ParameterSpec[]> = {
  'mysql8.0/db': [binlogFormat('ROW', 'dynamic', 'ROW,STATEMENT,MIXED'), readOnly('{TrueIfReplica}'), ...common, ...instanceLevel],
  'mysql8.0/cluster': [],
  'aurora-mysql8.0/cluster': [binlogFormat('OFF', 'static', 'ROW,STATEMENT,MIXED,OFF'), readOnly('{TrueIfReplica}'), ...common],
  'aurora-mysql8.0/db': [...instanceLevel],
}

export function catalog(family: Family, kind: GroupKind): ParameterSpec[] {
  return [...CATALOG[`${family}/${kind}`]].sort((a, b) => a.name.localeCompare(b.name))
}

export function findSpec(family: Family, kind: GroupKind, name: string): ParameterSpec | undefined {
  return CATALOG[`${family}/${kind}`].find((p) => p.name === name)
}

export function defaultGroupName(family: Family): string {
  return `default.${family}`
}

/** Engine family of an engine + version label, as RDS names parameter group families. */
export function familyOf(engine: string): Family {
  return engine === 'aurora-mysql' ? 'aurora-mysql8.0' : 'mysql8.0'
}

/** Checks a value against the spec; returns an error message or undefined. */
export function checkValue(spec: ParameterSpec, value: string): string | undefined {
  if (!spec.modifiable) return `The parameter ${spec.name} cannot be modified.`
  if (spec.allowed && !spec.allowed.includes('-')) {
    const allowed = spec.allowed.split(',')
    if (!allowed.some((a) => a.toLowerCase() === value.toLowerCase())) {
      return `Value: ${value} is not a valid value for parameter ${spec.name}. Allowed values: ${spec.allowed}`
    }
  } else if (spec.dataType === 'integer' && !/^-?\d+$/.test(value) && !value.startsWith('{')) {
    return `Value: ${value} is not a valid integer for parameter ${spec.name}`
  }
  return undefined
}
