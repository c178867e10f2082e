// docs/reference/findings.md, from the finding catalogue (src/findings/catalogue.ts): every
// code under the first mode that reports it (codes every mode reports first), grouped by
// topic inside a mode, with its level, meaning and fix; a later mode that reports it too
// links to that row.
import type { Level, Topic } from '../../src/findings/catalogue.js'
import { allCodes, specOf, type FindingCode } from '../../src/findings/finding.js'
import { MODES, type Mode } from '../../src/mode.js'

const TOPIC_TITLE: Record<Topic, string> = {
  schema: 'Schema differences between blue and green',
  migration: 'Migration lint',
  probe: 'The interruption prober',
}
const MODE_TITLE: Record<Mode, string> = {
  prepare: 'prepare',
  create: 'create',
  verify: 'verify (and the switchover gate)',
  switchover: 'switchover',
  cleanup: 'cleanup',
}

export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim()

function levelText(level: Level | readonly Level[]): string {
  if (typeof level === 'string') return level
  return level.length === 1 ? (level[0] ?? '') : `${level.slice(0, -1).join(', ')} or ${level[level.length - 1]}`
}

function table(codes: FindingCode[]): string[] {
  const lines = ['| code | level | meaning | how to fix |', '|---|---|---|---|']
  for (const code of codes) {
    const spec = specOf(code)
    lines.push(`| <a id="${code.toLowerCase()}"></a>\`${code}\` | ${levelText(spec.level)} | ${cell(spec.meaning)} | ${cell(spec.fix ?? '')} |`)
  }
  return lines
}

const everyMode = (code: FindingCode) => MODES.every((m) => specOf(code).modes.includes(m))
const firstMode = (code: FindingCode) => MODES.find((m) => specOf(code).modes.includes(m))

export function findingsDoc(header: string): string {
  const codes = allCodes()
  const lines = [header, '# Finding codes', '',
    'Every finding a report can hold, by the first mode that reports it. A finding is',
    '`{ level, code, subject, message, remedy }`: the code is stable, the message and remedy in the report',
    'name the facts (table, key, group, command); this page says what each code means in general and how',
    'to fix it. **error** blocks the stage (the step fails), **warning** is reported and fails the step',
    'only with `fail-on: warning`, **info** is context. A few schema codes have a level the comparison',
    'decides (e.g. a type change that replication converts is info, one it does not is an error): their',
    'level column lists the levels they can have. With `force: true` the switchover reports the gate\'s',
    'errors as warnings, and says so with `GATE_OVERRIDDEN`.', '',
    '## Every mode', '', ...table(codes.filter(everyMode)), '']
  for (const mode of MODES) {
    const own = codes.filter((c) => !everyMode(c) && firstMode(c) === mode)
    const also = codes.filter((c) => !everyMode(c) && firstMode(c) !== mode && specOf(c).modes.includes(mode))
    lines.push(`## ${MODE_TITLE[mode]}`, '')
    if (also.length) lines.push(`Also reported here: ${also.map((c) => `[\`${c}\`](#${c.toLowerCase()})`).join(', ')}.`, '')
    lines.push(...table(own.filter((c) => !specOf(c).topic)), '')
    for (const topic of Object.keys(TOPIC_TITLE) as Topic[]) {
      const inTopic = own.filter((c) => specOf(c).topic === topic)
      if (inTopic.length) lines.push(`### ${TOPIC_TITLE[topic]}`, '', ...table(inTopic), '')
    }
  }
  return lines.join('\n').trimEnd() + '\n'
}
