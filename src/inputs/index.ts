// The action's inputs: parsed once, typed per mode. See types.ts for the shape.
export { InputError } from './errors.js'
export { parseInputs, parseMode, parseSource } from './parse.js'
export { readerFromEnv, readerFromObject } from './reader.js'
export { INPUT_NAMES, INPUTS, inputDefault, type InputName, type InputReader } from './spec.js'
export type * from './types.js'
export { formatDuration } from './values.js'
