// A bad input stops the run before any AWS or MySQL call, with exactly one line that names
// the input, the value it had and the form it accepts:
//   Input 'switchover-timeout' is "20s": expected a duration between 30s and 3600s, e.g. 300 or 5m

/** Inputs whose value must never be echoed back, even in an error message. */
const SECRET_INPUTS = new Set(['db-password', 'github-token'])

const MAX_SHOWN = 80

function shown(name: string, value: string): string {
  if (value === '') return 'empty'
  if (SECRET_INPUTS.has(name)) return 'set (value hidden)'
  const oneLine = value.replace(/\r?\n/g, '\\n')
  const clipped = oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN)}...` : oneLine
  return JSON.stringify(clipped)
}

export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly expected: string,
  ) {
    super(`Input '${input}' is ${shown(input, value)}: ${expected}`)
    this.name = 'InputError'
  }
}
