// Detached watchdog for one sandbox workspace (see workspace.ts).
// Usage: node reaper.mjs <owner-pid> <workspace-dir>
// It polls the owner every 200 ms. When the owner is gone (killed, crashed, or exited
// without cleaning up), it kills every server recorded under <dir>/pids and removes the
// directory. When the directory disappears first (a normal stop), it simply exits.
// Plain JavaScript on purpose: it is started with bare `node`, outside tsx and jest.
import { existsSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const ownerPid = Number(process.argv[2])
const dir = process.argv[3]
if (!Number.isInteger(ownerPid) || !dir) process.exit(2)

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

function reap() {
  let names = []
  try {
    names = readdirSync(join(dir, 'pids'))
  } catch {
    // nothing recorded
  }
  for (const name of names) {
    try {
      process.kill(Number(name), 'SIGKILL')
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true })
}

const timer = setInterval(() => {
  if (!existsSync(dir)) {
    clearInterval(timer)
    return
  }
  if (!alive(ownerPid)) {
    clearInterval(timer)
    reap()
  }
}, 200)
