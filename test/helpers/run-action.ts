// The runner emulation lives in sandbox/runner.ts, shared with `npm run demo`.
export * from '../../sandbox/runner.js'
