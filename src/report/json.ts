import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Report } from './types.js'

/** The JSON report: the Report object as is (already redacted by the caller), plus a schema version. */
export function renderJson(report: Report): string {
  return `${JSON.stringify({ schemaVersion: 1, ...report }, null, 2)}\n`
}

export function writeTextFile(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
}
