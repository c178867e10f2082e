// Jest in native ESM mode (run with --experimental-vm-modules, see package.json).
// ts-jest transpiles each file on its own (isolatedModules in tsconfig.json), so a test
// run never type-checks: `npm run typecheck` (part of `npm run lint`) does that once.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Integration tests start real database servers; two at a time fits the 2-core machine.
  maxWorkers: 2,
  testTimeout: 60_000,
  verbose: false,
}
