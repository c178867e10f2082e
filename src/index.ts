// The action's entry point: ncc bundles this file into dist/index.js.
// It only starts run(); everything else lives in main.ts so tests can import it.
import { run } from './main.js'

await run()
