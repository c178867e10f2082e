// action.yml's `inputs:` and `outputs:`, from the one list of each (src/inputs/spec.ts,
// src/report/outputs.ts). The rest of action.yml (name, description, branding, runs) is
// written by hand; this replaces everything from `inputs:` up to `runs:`.
import { INPUTS, type InputName } from '../../src/inputs/spec.js'
import { OUTPUTS } from '../../src/report/outputs.js'

const WIDTH = 92

/** A YAML scalar: single-quoted (quotes doubled), so no value is read as another type. */
const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`

/** A description as a folded block, wrapped at WIDTH. */
function folded(text: string, indent: string): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line)
      line = word
    } else {
      line = line ? `${line} ${word}` : word
    }
  }
  if (line) lines.push(indent + line)
  return lines
}

export function actionYml(current: string): string {
  const start = current.indexOf('\ninputs:\n')
  const end = current.indexOf('\nruns:\n')
  if (start < 0 || end < start) throw new Error('action.yml has no inputs: ... runs: block to generate')
  const out = ['inputs:']
  let section = ''
  for (const name of Object.keys(INPUTS) as InputName[]) {
    const spec: { section: string; required?: true; default?: string; runnerDefault?: string; description: string } = INPUTS[name]
    if (spec.section !== section) {
      if (section) out.push('')
      out.push(`  # ${'-'.repeat(66)} ${spec.section}`)
      section = spec.section
    }
    out.push(`  ${name}:`, '    description: >-', ...folded(spec.description, '      '))
    if (spec.required) out.push('    required: true')
    else out.push('    required: false', `    default: ${quoted(spec.runnerDefault ?? spec.default ?? '')}`)
  }
  out.push('', 'outputs:')
  for (const [name, spec] of Object.entries(OUTPUTS)) out.push(`  ${name}:`, '    description: >-', ...folded(spec.description, '      '))
  return `${current.slice(0, start + 1)}${out.join('\n')}\n${current.slice(end)}`
}
