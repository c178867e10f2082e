// A sandbox workspace: one temporary directory that holds every server's data, socket
// and log, plus a record of the processes started in it. Whatever happens to the process
// that created it (normal stop, SIGINT, a failed test, a crash, SIGKILL), the servers are
// killed and the directory removed: by dispose() on the normal paths, and by a detached
// reaper process (reaper.mjs) when the owner dies without calling it.
import { spawn } from 'node:child_process'
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const PREFIX = 'rds-bg-sandbox-'
const reaperScript = fileURLToPath(new URL('./reaper.mjs', import.meta.url))

/** True while a process with this pid exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Kills every process recorded under `dir/pids` and removes `dir`. Safe to call twice. */
export function destroyWorkspaceDir(dir: string): void {
  const pidDir = join(dir, 'pids')
  let names: string[] = []
  try {
    names = readdirSync(pidDir)
  } catch {
    // no pid directory: nothing was started, or it is already gone
  }
  for (const name of names) {
    const pid = Number(name)
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already exited
      }
    }
  }
  rmSync(dir, { recursive: true, force: true })
}

/** Removes workspaces left by sandboxes whose owner process no longer exists. */
export function sweepStaleWorkspaces(root = tmpdir()): string[] {
  const swept: string[] = []
  let entries: string[]
  try {
    entries = readdirSync(root)
  } catch {
    return swept
  }
  for (const entry of entries) {
    if (!entry.startsWith(PREFIX)) continue
    const dir = join(root, entry)
    let owner: number
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'))
    } catch {
      // a workspace still being created has no owner file yet; leave it alone
      continue
    }
    if (Number.isInteger(owner) && !isProcessAlive(owner)) {
      destroyWorkspaceDir(dir)
      swept.push(dir)
    }
  }
  return swept
}

export class Workspace {
  private disposed = false

  private constructor(readonly dir: string) {}

  /** Creates the directory and starts the reaper that watches this process. */
  static create(): Workspace {
    sweepStaleWorkspaces()
    const dir = mkdtempSync(join(tmpdir(), PREFIX))
    mkdirSync(join(dir, 'pids'))
    writeFileSync(join(dir, 'owner.pid'), String(process.pid))
    const reaper = spawn(process.execPath, [reaperScript, String(process.pid), dir], {
      detached: true,
      stdio: 'ignore',
    })
    reaper.unref()
    return new Workspace(dir)
  }

  path(...parts: string[]): string {
    return join(this.dir, ...parts)
  }

  /** Records a child process so that the reaper can kill it if this process dies first. */
  track(pid: number): void {
    writeFileSync(join(this.dir, 'pids', String(pid)), '')
  }

  untrack(pid: number): void {
    try {
      unlinkSync(join(this.dir, 'pids', String(pid)))
    } catch {
      // not tracked, or the workspace is already gone
    }
  }

  /** Kills anything still tracked and removes the directory. The reaper then exits on its own. */
  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    destroyWorkspaceDir(this.dir)
  }
}
