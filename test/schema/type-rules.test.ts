// The conversion table against the outcomes observed on a real MariaDB 10.11 replica (see the
// header of src/schema/type-rules.ts) and MySQL's documented rules.
import { describe, expect, it } from '@jest/globals'
import { judgeTypeChange } from '../../src/schema/type-rules.js'
import type { ReplicationContext } from '../../src/schema/types.js'

const ROW: ReplicationContext = { binlogFormat: 'ROW', typeConversions: [] }
const ROW_NON_LOSSY: ReplicationContext = { binlogFormat: 'ROW', typeConversions: ['ALL_NON_LOSSY'] }
const ROW_ALL: ReplicationContext = { binlogFormat: 'ROW', typeConversions: ['ALL_LOSSY', 'ALL_NON_LOSSY'] }
const MIXED: ReplicationContext = { binlogFormat: 'MIXED', typeConversions: [] }
const STATEMENT: ReplicationContext = { binlogFormat: 'STATEMENT', typeConversions: [] }

const col = (columnType: string, charset: string | null = 'utf8mb4') => ({ columnType, charset, octetLength: null })
const judge = (from: string, to: string, ctx: ReplicationContext, charsets: [string | null, string | null] = ['utf8mb4', 'utf8mb4']) => {
  const v = judgeTypeChange(col(from, charsets[0]), col(to, charsets[1]), ctx)
  return `${v.kind} ${v.level}`
}

describe('type conversion rules', () => {
  it.each([
    // [blue, green, ROW, ROW+ALL_NON_LOSSY, STATEMENT, MIXED]
    ['varchar(10)', 'varchar(20)', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['varchar(255)', 'text', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['char(10)', 'varchar(10)', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['int(11)', 'bigint(20)', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['float', 'double', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['decimal(10,2)', 'decimal(12,2)', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['bit(3)', 'bit(8)', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['varbinary(10)', 'blob', 'widened error', 'widened info', 'widened info', 'widened warning'],
    ['text', 'mediumtext', 'widened error', 'widened info', 'widened info', 'widened warning'],
    // appended ENUM members keep every index: row images apply as they are (observed)
    ["enum('a','b')", "enum('a','b','c')", 'widened info', 'widened info', 'widened info', 'widened info'],
    ['varchar(20)', 'varchar(10)', 'narrowed error', 'narrowed error', 'narrowed error', 'narrowed error'],
    ['text', 'varchar(255)', 'narrowed error', 'narrowed error', 'narrowed error', 'narrowed error'],
    ['bigint(20)', 'int(11)', 'narrowed error', 'narrowed error', 'narrowed error', 'narrowed error'],
    ['decimal(10,2)', 'decimal(10,4)', 'narrowed error', 'narrowed error', 'narrowed error', 'narrowed error'],
    ['double', 'decimal(20,4)', 'narrowed error', 'narrowed error', 'narrowed error', 'narrowed error'],
    // observed: ROW turns -1 into 4294967295; STATEMENT stops with 1264
    ['int(11)', 'int(10) unsigned', 'changed error', 'changed error', 'changed error', 'changed error'],
    // observed: ROW turns 'b' into 'a' (rows carry the member index)
    ["enum('a','b')", "enum('c','a','b')", 'changed error', 'changed error', 'changed warning', 'changed error'],
    ['date', 'datetime', 'changed error', 'changed error', 'changed warning', 'changed error'],
    ['int(11)', 'varchar(20)', 'changed error', 'changed error', 'changed error', 'changed error'],
    ['json', 'json', 'identical info', 'identical info', 'identical info', 'identical info'],
    ['int(11)', 'int', 'identical info', 'identical info', 'identical info', 'identical info'],
  ])('%s -> %s', (from, to, row, rowNonLossy, statement, mixed) => {
    expect(judge(from, to, ROW)).toBe(row)
    expect(judge(from, to, ROW_NON_LOSSY)).toBe(rowNonLossy)
    expect(judge(from, to, STATEMENT)).toBe(statement)
    expect(judge(from, to, MIXED)).toBe(mixed)
  })

  it('ALL_LOSSY does not make narrowing safe: values would be truncated', () => {
    expect(judge('varchar(20)', 'varchar(10)', ROW_ALL)).toBe('narrowed error')
  })

  it('measures strings in characters and bytes: 20,000 utf8mb4 characters do not fit in TEXT', () => {
    expect(judge('varchar(20000)', 'text', STATEMENT)).toBe('narrowed error')
    expect(judge('varchar(40)', 'varchar(10)', STATEMENT, ['latin1', 'utf8mb4'])).toBe('narrowed error')
  })

  it("MariaDB refuses a fractional-seconds change in row events whatever the setting (error 1030 observed)", () => {
    expect(judgeTypeChange(col('datetime', null), col('datetime(3)', null), { ...ROW_NON_LOSSY, greenFlavor: 'mariadb' }).level).toBe('error')
    expect(judgeTypeChange(col('datetime', null), col('datetime(3)', null), { ...ROW_NON_LOSSY, greenFlavor: 'mysql' }).level).toBe('info')
  })

  it('explains the verdict with the settings that decide it', () => {
    const v = judgeTypeChange(col('varchar(255)'), col('text'), ROW)
    expect(v.reason).toMatch(/ROW.*1677.*empty, not ALL_NON_LOSSY/)
    expect(judgeTypeChange(col('varchar(255)'), col('text'), MIXED).reason).toMatch(/MIXED.*statements and apply.*READ COMMITTED/)
  })
})
