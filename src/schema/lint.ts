// Migration lint: the .sql files matching a glob (e.g. those a pull request adds), read in
// name order, split into statements, each parsed with node-sql-parser (MySQL grammar, then
// MariaDB's) and judged with the same rules as the live comparison, before anyone runs it on
// green. Findings name `file:line`. A statement nobody can read is a warning, never a crash.
//
// The glob is matched by tinyglobby (fdir + picomatch): small, fast, with braces and `!`
// exclusions. A multi-line value takes one pattern per line, as GitHub Action inputs do.
//
// node-sql-parser's two grammars are about half a megabyte: they are imported on the first
// lint, not when the action starts (ncc puts a dynamic import in a chunk of its own), so
// every run that lints nothing starts without parsing them.
import { readFile } from 'node:fs/promises'
import { glob } from 'tinyglobby'
import { finding, type Finding } from '../findings/finding.js'
import { type KeywordResult, recogniseByKeywords } from './ddl-keywords.js'
import { type Ast, asArray } from './ddl-model.js'
import type { SchemaDifference } from './difference.js'
import { differenceToFinding, subjectOf } from './findings.js'
import { applyDdl } from './lint-actions.js'
import { MigrationState } from './migration-state.js'
import { splitStatements } from './sql-split.js'
import type { ReplicationContext, SchemaSnapshot } from './types.js'
import { errorLine } from '../error-line.js'

export interface LintOptions {
  /** Blue's schema: lets the lint judge type changes and column positions exactly. */
  blue?: SchemaSnapshot
  replication: ReplicationContext
  /** Schema for unqualified table names before any USE (default: blue's only schema, if it has one). */
  defaultSchema?: string
  /** Directory the patterns are relative to (default: the working directory). */
  cwd?: string
}

export interface LintResult {
  /** The files read, in the order they were linted. */
  files: string[]
  statements: number
  findings: Finding[]
}

/** One grammar of node-sql-parser, with the `database` option that selects it. */
export interface SqlParser {
  parser: { astify(sql: string, options: { database: string }): unknown }
  database: string
}

let sqlParsers: Promise<SqlParser[]> | undefined

/** MySQL's grammar first, then MariaDB's; loaded once, on first use. */
export function loadSqlParsers(): Promise<SqlParser[]> {
  sqlParsers ??= Promise.all([import('node-sql-parser/build/mysql.js'), import('node-sql-parser/build/mariadb.js')]).then(([mysql, mariadb]) => [
    { parser: new mysql.default.Parser(), database: 'MySQL' },
    { parser: new mariadb.default.Parser(), database: 'MariaDB' },
  ])
  return sqlParsers
}

/** The AST of one statement, or the first parser's error message. */
function parse(parsers: readonly SqlParser[], sql: string): { asts: Ast[] } | { error: string } {
  let first = ''
  for (const { parser, database } of parsers) {
    try {
      return { asts: asArray<Ast>(parser.astify(sql, { database }) as unknown) }
    } catch (error) {
      first ||= String((error as Error).message ?? error).split('\n')[0] ?? ''
    }
  }
  return { error: first.length > 160 ? `${first.slice(0, 157)}...` : first }
}

/** Splits an input value into patterns: one per line, blank lines and # comments ignored. */
export function parsePatterns(patterns: string | string[]): string[] {
  const list = Array.isArray(patterns) ? patterns : patterns.split(/\r?\n/)
  return list.map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('#'))
}

/** Rendering of defaults and generated expressions from the AST is approximate: compare their kind only. */
function reliable(d: SchemaDifference): boolean {
  if (d.code === 'SCHEMA_DEFAULT_CHANGED') {
    const kind = (s?: string) => (s?.startsWith("DEFAULT '") ? 'literal' : s?.startsWith('DEFAULT (') ? 'expression' : s)
    return kind(d.blue) !== kind(d.green)
  }
  if (d.code === 'SCHEMA_GENERATED_CHANGED') return !(d.blue?.includes(' AS (') && d.green?.includes(' AS ('))
  return true
}

function schemaFinding(d: SchemaDifference, at: string): Finding {
  return { ...differenceToFinding(d, `${subjectOf(d)}: `), subject: at }
}

const DML = new Set(['insert', 'replace', 'update', 'delete', 'truncate'])

function dmlFinding(ast: Ast, at: string, state: MigrationState): Finding {
  const type = String(ast.type).toUpperCase()
  const tables = asArray<Ast>(ast.table ?? ast.name)
    .map((t) => {
      const name = String(t.table ?? '')
      const schema = state.schemaOf(t.db as string | null, name)
      return schema ? `${schema}.${name}` : name
    })
    .filter((t) => t !== '')
  const target = tables.length ? tables.join(', ') : 'a table'
  return finding({
    code: 'MIGRATION_DML_ON_GREEN',
    subject: at,
    message: `${type} on ${target} writes on green: a row green gets that blue does not have collides with blue's later writes to the same key (duplicate key, error 1062), and rows changed or deleted on green make blue's later updates fail (error 1032).`,
  })
}

/** Lints one file's text, continuing the migration state of the files before it. */
export function lintSqlText(text: string, file: string, state: MigrationState, parsers: readonly SqlParser[]): { statements: number; findings: Finding[] } {
  const findings: Finding[] = []
  const statements = splitStatements(text)
  for (const statement of statements) {
    const at = `${file}:${statement.line}`
    const first = findings.length
    try {
      const keyword: KeywordResult | null = recogniseByKeywords(statement.sql, state)
      if (keyword?.kind === 'skip') continue
      const parsed = parse(parsers, statement.sql)
      if ('error' in parsed) {
        if (keyword?.kind === 'schema') {
          findings.push(...keyword.differences.filter(reliable).map((d) => schemaFinding(d, at)))
        } else if (keyword?.kind === 'not-checked') {
          findings.push(finding({ code: 'MIGRATION_NOT_CHECKED', subject: at, message: `${keyword.what} statements are not checked by the migration lint.` }))
        } else {
          findings.push(finding({
            code: 'MIGRATION_UNPARSEABLE',
            subject: at,
            message: `The statement starting here could not be parsed, so it was not checked: ${parsed.error}`,
            remedy: 'Check the statement by hand against the replication-compatible changes (new tables, index changes, columns added at the end), or simplify it so the parser reads it.',
          }))
        }
        continue
      }
      for (const ast of parsed.asts) {
        if (DML.has(String(ast.type).toLowerCase())) {
          findings.push(dmlFinding(ast, at, state))
          continue
        }
        const result = applyDdl(state, ast)
        if (!result) continue
        findings.push(...result.differences.filter(reliable).map((d) => schemaFinding(d, at)))
        for (const clause of result.unchecked) {
          findings.push(finding({ code: 'MIGRATION_NOT_CHECKED', subject: at, message: `The ALTER TABLE clause "${clause}" is not checked by the migration lint.` }))
        }
      }
    } catch (error) {
      // An AST shape this lint does not expect: report it, never stop the run.
      findings.push(finding({
        code: 'MIGRATION_UNPARSEABLE',
        subject: at,
        message: `The statement starting here could not be checked: ${String((error as Error).message ?? error).split('\n')[0]}`,
        remedy: 'Check the statement by hand against the replication-compatible changes.',
      }))
    } finally {
      // Every finding of this statement points at it, so its annotation lands on the line.
      for (let i = first; i < findings.length; i++) findings[i] = { ...findings[i]!, location: { file, line: statement.line } }
    }
  }
  return { statements: statements.length, findings }
}

/** Lints every .sql file matching `patterns` (one per line; `!` excludes), in name order. */
export async function lintMigrations(patterns: string | string[], options: LintOptions): Promise<LintResult> {
  const list = parsePatterns(patterns)
  const cwd = options.cwd ?? process.cwd()
  const files = list.length ? (await glob(list, { cwd, onlyFiles: true, expandDirectories: false })).sort() : []
  const state = new MigrationState(options.blue, options.replication, options.defaultSchema)
  const findings: Finding[] = []
  let statements = 0
  if (files.length === 0) {
    findings.push(finding({
      code: 'MIGRATION_NO_FILES',
      subject: list.join(', ') || '(empty)',
      message: `No file matches the migrations pattern ${JSON.stringify(list.join('\n'))} under ${cwd}, so no migration was checked.`,
    }))
  }
  const parsers = files.length > 0 ? await loadSqlParsers() : []
  for (const file of files) {
    let text: string
    try {
      text = await readFile(`${cwd}/${file}`, 'utf8')
    } catch (error) {
      findings.push(finding({ code: 'MIGRATION_FILE_UNREADABLE', subject: file, location: { file }, message: `The file could not be read: ${errorLine(error)}` }))
      continue
    }
    const result = lintSqlText(text, file, state, parsers)
    statements += result.statements
    findings.push(...result.findings)
  }
  return { files, statements, findings }
}
