// Faults on demand, armed from code (Sandbox.faults) or over HTTP (control.ts): each is
// consumed by the part of the model it affects.
export interface SwitchoverFault {
  /** fail: the switchover fails after blue went read-only and is rolled back; timeout: catch-up never completes. */
  kind: 'fail' | 'timeout'
  reason?: string
  /** When the failure strikes, in ms after blue went read-only (timeout: default the SwitchoverTimeout). */
  afterMs?: number
}

export class Faults {
  private readonly throttles = new Map<string, number>()
  /** Extra milliseconds added to blue/green provisioning. */
  slowProvisioningMs = 0
  /** Green members stay in storage-optimization this long after creation. */
  storageOptimizationMs = 0
  /** The next blue/green creation ends INVALID_CONFIGURATION with this StatusDetails. */
  invalidConfiguration: string | undefined
  /** The next switchover fails or times out. */
  switchover: SwitchoverFault | undefined

  /** The next `count` calls of `action` (or of any action with '*') fail with Throttling. */
  throttle(action: string, count: number): void {
    this.throttles.set(action, (this.throttles.get(action) ?? 0) + count)
  }

  /** Consumes one throttle for this action; true when the call must be throttled. */
  takeThrottle(action: string): boolean {
    for (const key of [action, '*']) {
      const left = this.throttles.get(key) ?? 0
      if (left > 0) {
        if (left === 1) this.throttles.delete(key)
        else this.throttles.set(key, left - 1)
        return true
      }
    }
    return false
  }

  takeSwitchoverFault(): SwitchoverFault | undefined {
    const fault = this.switchover
    this.switchover = undefined
    return fault
  }

  clear(): void {
    this.throttles.clear()
    this.slowProvisioningMs = 0
    this.storageOptimizationMs = 0
    this.switchover = undefined
    this.invalidConfiguration = undefined
  }
}
