// The classifier on hand-made snapshots, for cases a single real-server scenario does not
// reach: several columns moved at once, unique keys, collations under a unique key, engines.
import { describe, expect, it } from '@jest/globals'
import { compareSnapshots } from '../../src/schema/compare.js'
import type { ColumnSnapshot, IndexSnapshot, ReplicationContext, SchemaSnapshot, TableSnapshot } from '../../src/schema/types.js'

const ROW: ReplicationContext = { binlogFormat: 'ROW', typeConversions: [] }

function column(name: string, columnType = 'int(11)', extra: Partial<ColumnSnapshot> = {}): ColumnSnapshot {
  const stringy = /char|text/.test(columnType)
  return {
    name, position: 0, columnType, dataType: columnType.split('(')[0] ?? columnType, charLength: null, octetLength: null,
    numericPrecision: null, numericScale: null, datetimePrecision: null,
    charset: stringy ? 'utf8mb4' : null, collation: stringy ? 'utf8mb4_general_ci' : null,
    nullable: true, default: { kind: 'null' }, extra: '', generated: null, invisible: false, ...extra,
  }
}
function index(name: string, columns: string[], unique = false): IndexSnapshot {
  return { name, primary: name === 'PRIMARY', unique: unique || name === 'PRIMARY', type: 'BTREE', columns: columns.map((c) => ({ name: c, subPart: null, expression: null, descending: false })) }
}
function table(name: string, columns: ColumnSnapshot[], indexes: IndexSnapshot[] = [], extra: Partial<TableSnapshot> = {}): TableSnapshot {
  return { schema: 'app', name, engine: 'InnoDB', collation: 'utf8mb4_general_ci', charset: 'utf8mb4', autoIncrement: null,
    columns: columns.map((c, i) => ({ ...c, position: i + 1 })), indexes, partitioning: null, ...extra }
}
function snapshot(...tables: TableSnapshot[]): SchemaSnapshot {
  return { server: { flavor: 'mysql', version: '8.0.36', lowerCaseTableNames: 0 }, takenAt: '', schemas: ['app'], tables, stats: { queries: 0, ms: 0 } }
}
const codes = (blue: SchemaSnapshot, green: SchemaSnapshot, ctx = ROW) =>
  compareSnapshots(blue, green, ctx).map((d) => `${d.level} ${d.code} ${d.column ?? d.index ?? d.table}`)

describe('compareSnapshots', () => {
  const pk = [index('PRIMARY', ['id'])]
  const base = table('t', [column('id'), column('a'), column('b'), column('c'), column('d')], pk)

  it('reports only the columns that left their order', () => {
    const green = table('t', [column('id'), column('d'), column('a'), column('b'), column('c')], pk)
    expect(codes(snapshot(base), snapshot(green))).toEqual(['error SCHEMA_COLUMN_REORDERED d'])
  })

  it('tells a rename (same place) from a drop plus an append', () => {
    const renamed = table('t', [column('id'), column('a2'), column('b'), column('c'), column('d')], pk)
    expect(codes(snapshot(base), snapshot(renamed))).toEqual(['error SCHEMA_COLUMN_RENAMED a2'])
    const moved = table('t', [column('id'), column('b'), column('c'), column('d'), column('e')], pk)
    expect(codes(snapshot(base), snapshot(moved)).sort()).toEqual(['error SCHEMA_COLUMN_DROPPED a', 'info SCHEMA_COLUMN_APPENDED e'])
  })

  it('warns about a new unique key blue does not enforce, but not one it already implies', () => {
    const green = table('t', base.columns, [...pk, index('uniq_a', ['a'], true), index('uniq_id_b', ['id', 'b'], true)])
    expect(codes(snapshot(base), snapshot(green))).toEqual(['warning SCHEMA_INDEX_ADDED uniq_a', 'info SCHEMA_INDEX_ADDED uniq_id_b'])
  })

  it('warns when green keeps no unique key at all', () => {
    expect(codes(snapshot(base), snapshot(table('t', base.columns, [])))).toEqual(['warning SCHEMA_INDEX_DROPPED PRIMARY'])
  })

  it('makes a collation change under a unique key an error (1062 observed on MariaDB)', () => {
    const blue = table('u', [column('id'), column('email', 'varchar(100)', { collation: 'utf8mb4_bin' })], [...pk, index('uniq_email', ['email'], true)])
    const green = table('u', [column('id'), column('email', 'varchar(100)')], blue.indexes)
    expect(codes(snapshot(blue), snapshot(green))).toEqual(['error SCHEMA_COLLATION_CHANGED email'])
  })

  it('detects a renamed table by its columns, and does not pair tables with different columns', () => {
    const green = snapshot(table('t_new', base.columns, pk), table('other', [column('x')]))
    expect(codes(snapshot(base), green)).toEqual(['info SCHEMA_TABLE_ADDED other', 'error SCHEMA_TABLE_RENAMED t'])
    expect(codes(snapshot(base), snapshot(table('other', [column('x')])))).toEqual(['info SCHEMA_TABLE_ADDED other', 'error SCHEMA_TABLE_MISSING t'])
  })

  it('flags NULL -> NOT NULL, a non-InnoDB engine, and a NOT NULL column appended without default under MIXED', () => {
    const green = table('t', [column('id'), column('a', 'int(11)', { nullable: false, default: { kind: 'none' } }), column('b'), column('c'), column('d'), column('e', 'int(11)', { nullable: false, default: { kind: 'none' } })], pk, { engine: 'MyISAM' })
    expect(codes(snapshot(base), snapshot(green), { binlogFormat: 'MIXED', typeConversions: [] })).toEqual([
      'error SCHEMA_NULLABILITY_CHANGED a',
      'warning SCHEMA_ENGINE_CHANGED t',
      'warning SCHEMA_COLUMN_APPENDED e',
      'warning SCHEMA_DEFAULT_CHANGED a',
    ])
  })
})
