import { inputDefault, type InputName, type InputReader } from './spec.js'

/**
 * Reads inputs the way the runner passes them and @actions/core's getInput reads them:
 * `INPUT_<NAME>` with the name uppercased and spaces turned into underscores (hyphens
 * stay), surrounding whitespace trimmed. An empty value takes the declared default.
 */
export function readerFromEnv(env: NodeJS.ProcessEnv = process.env): InputReader {
  return (name: InputName) => {
    const raw = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? ''
    const value = raw.trim()
    return value === '' ? inputDefault(name) : value
  }
}

/** A reader over a plain object (tests, scripts): missing names take their defaults. */
export function readerFromObject(values: Partial<Record<InputName, string>>): InputReader {
  return (name: InputName) => {
    const value = (values[name] ?? '').trim()
    return value === '' ? inputDefault(name) : value
  }
}
