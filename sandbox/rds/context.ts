// What every action needs: the state, the workspace its servers live in, the TLS files,
// the sandbox's credentials for the databases, timings and armed faults, and a registry of
// background work (provisioning, reboots, switchovers) that stop() waits for or abandons.
import type { Faults } from '../faults.js'
import type { TlsFiles } from '../servers/database-server.js'
import type { Workspace } from '../servers/workspace.js'
import type { Timings } from '../timings.js'
import type { RdsState } from './model.js'

export interface Context {
  state: RdsState
  workspace: Workspace
  tls: TlsFiles
  masterUser: string
  masterPassword: string
  replicationPassword: string
  timings: Timings
  faults: Faults
  background: Background
}

/** Background operations: each runs detached from the API call that started it. */
export class Background {
  private readonly running = new Set<Promise<void>>()
  private readonly labelled = new Map<string, Promise<void>>()
  stopped = false

  run(label: string, work: () => Promise<void>): void {
    const task: Promise<void> = work()
      .catch((error: unknown) => {
        if (!this.stopped) console.error(`sandbox: background ${label} failed: ${String(error)}`)
      })
      .finally(() => {
        this.running.delete(task)
        if (this.labelled.get(label) === task) this.labelled.delete(label)
      })
    this.running.add(task)
    this.labelled.set(label, task)
  }

  /** Waits for the operation started under `label`, if it is still running. */
  async wait(label: string): Promise<void> {
    await this.labelled.get(label)
  }

  /** Waits for every running operation (tests use it to settle). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }
}
