import { describe, expect, it } from '@jest/globals'
import { splitStatements } from '../../src/schema/sql-split.js'

describe('splitStatements', () => {
  it('ends statements at ; outside strings and comments, and gives the line of the first code', () => {
    const text = [
      '-- a comment; not a statement',
      "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s', 'back\\\\slash\\';');",
      '/* block ; comment */',
      '',
      '  # hash comment ;',
      'ALTER TABLE t',
      '  ADD COLUMN c INT; SELECT 1',
    ].join('\n')
    expect(splitStatements(text)).toEqual([
      { sql: "-- a comment; not a statement\nINSERT INTO t VALUES ('a;b', \"c;d\", `e;f`, 'it''s', 'back\\\\slash\\';')", line: 2 },
      { sql: '/* block ; comment */\n\n  # hash comment ;\nALTER TABLE t\n  ADD COLUMN c INT', line: 6 },
      { sql: 'SELECT 1', line: 7 },
    ])
  })

  it('follows DELIMITER lines and skips comment-only statements', () => {
    const text = 'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\n-- only a comment;\n;\nSELECT 3;'
    expect(splitStatements(text)).toEqual([
      { sql: 'CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', line: 2 },
      { sql: 'SELECT 3', line: 6 },
    ])
  })

  it('keeps an unterminated string or comment as one last statement', () => {
    expect(splitStatements("SELECT 'open;\nstill open")).toEqual([{ sql: "SELECT 'open;\nstill open", line: 1 }])
    expect(splitStatements('SELECT 1; /* open')).toEqual([{ sql: 'SELECT 1', line: 1 }])
  })
})
