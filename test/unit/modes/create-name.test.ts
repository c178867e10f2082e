import { describe, expect, it } from '@jest/globals'
import { deploymentNameFor } from '../../../src/modes/create/name.js'

// RDS: 1 to 60 letters, digits and single hyphens, starting with a letter, not ending with a hyphen.
const RDS_NAME = /^[a-zA-Z][a-zA-Z0-9]*(-[a-zA-Z0-9]+)*$/

describe('deploymentNameFor', () => {
  it('names the deployment after the source, as seed 000 did', () => {
    expect(deploymentNameFor('orders')).toBe('orders-bg')
  })

  it('shortens a long source identifier to RDS limits without a double hyphen', () => {
    const longest = `a${'b'.repeat(55)}-${'c'.repeat(6)}` // 63 characters, a hyphen where the cut falls
    const name = deploymentNameFor(longest)
    expect(name.length).toBeLessThanOrEqual(60)
    expect(name).toMatch(RDS_NAME)
    expect(name).toBe(`a${'b'.repeat(55)}-bg`)
  })
})
