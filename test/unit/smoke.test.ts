import { describe, expect, it } from '@jest/globals'
import { run } from '../../src/main.js'
describe('smoke', () => { it('imports', () => { expect(typeof run).toBe('function') }) })
