import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DatabaseServer } from '../../sandbox/servers/database-server.js'
import { isProcessAlive as alive, Workspace } from '../../sandbox/servers/workspace.js'


async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return check()
}

describe('database servers', () => {
  let workspace: Workspace
  beforeAll(() => {
    workspace = Workspace.create()
  })
  afterAll(() => workspace.dispose())

  it('starts a real server with its own port and server id', async () => {
    const server = await DatabaseServer.create(workspace, 'a', { serverId: 11, binlog: false })
    const [row] = await server.query<{ id: number; port: number; logBin: number }>(
      'SELECT @@server_id AS id, @@port AS port, @@log_bin AS logBin',
    )
    expect(row).toEqual({ id: 11, port: server.port, logBin: 0 })
    await server.stop()
    expect(server.running).toBe(false)
  })

  it('restarts with new settings, as a reboot applies a parameter group', async () => {
    const server = await DatabaseServer.create(workspace, 'b', { serverId: 12, binlog: false })
    await server.restart({ serverId: 12, binlog: true, binlogFormat: 'ROW', readOnly: true, variables: { event_scheduler: 'ON' } })
    const [row] = await server.query<Record<string, unknown>>(
      'SELECT @@log_bin AS logBin, @@binlog_format AS fmt, @@read_only AS ro, @@event_scheduler AS ev',
    )
    expect(row).toEqual({ logBin: 1, fmt: 'ROW', ro: 1, ev: 'ON' })
    const [status] = await server.query<{ File: string }>('SHOW MASTER STATUS')
    expect(status?.File).toMatch(/^mysql-bin-changelog\.\d{6}$/)
    await server.stop({ fast: true })
  })

  it('starts several servers at once from one template', async () => {
    const servers = await Promise.all(
      [21, 22, 23].map((id) => DatabaseServer.create(workspace, `p${id}`, { serverId: id, binlog: false })),
    )
    const ids = await Promise.all(servers.map(async (s) => (await s.query<{ id: number }>('SELECT @@server_id AS id'))[0]?.id))
    expect(ids).toEqual([21, 22, 23])
    await Promise.all(servers.map((s) => s.stop({ fast: true })))
  })

  it('reports the error log when a server cannot start', async () => {
    await expect(
      DatabaseServer.create(workspace, 'bad', { serverId: 13, binlog: false, variables: { no_such_option: 1 } }),
    ).rejects.toThrow(/exited with code .*unknown variable/i)
  })

  it('dispose kills running servers and removes the directory', async () => {
    const own = Workspace.create()
    const server = await DatabaseServer.create(own, 'c', { serverId: 14, binlog: false })
    const pid = server.pid as number
    own.dispose()
    expect(await until(() => !alive(pid), 10_000)).toBe(true)
    expect(existsSync(own.dir)).toBe(false)
  })

  it('a crashed owner (SIGKILL) leaves no server and no directory behind', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/crashing-owner.ts'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve))
    const { dir, pid } = JSON.parse(line) as { dir: string; pid: number }
    expect(alive(pid)).toBe(true)
    child.kill('SIGKILL')
    expect(await until(() => !alive(pid) && !existsSync(dir), 10_000)).toBe(true)
  })
})
