// The endpoint proxy on its own: bytes pass through, re-pointing drops open connections,
// `refuse` gives ECONNREFUSED, `hang` accepts and forwards nothing until reopened.
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EndpointProxy } from '../../sandbox/net/proxy.js'

function echoServer(tag: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((s) => s.on('data', (d) => s.write(`${tag}:${d.toString()}`)))
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
}

function ask(port: number, text: string, timeoutMs = 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = createConnection({ host: '127.0.0.1', port }, () => socket.write(text))
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('timeout')) }, timeoutMs)
    socket.once('data', (d) => { clearTimeout(timer); socket.end(); resolve(d.toString()) })
    socket.once('error', (e) => { clearTimeout(timer); reject(e) })
  })
}

describe('endpoint proxy', () => {
  let a: { server: Server; port: number }
  let b: { server: Server; port: number }
  let proxy: EndpointProxy
  beforeAll(async () => {
    a = await echoServer('a')
    b = await echoServer('b')
    proxy = await EndpointProxy.listen('127.0.0.1', 0, { host: '127.0.0.1', port: a.port })
  })
  afterAll(async () => {
    await proxy.close()
    a.server.close()
    b.server.close()
  })

  it('forwards, and re-pointing drops open connections', async () => {
    expect(await ask(proxy.port, 'x')).toBe('a:x')
    const open = createConnection({ host: '127.0.0.1', port: proxy.port })
    await new Promise((r) => open.once('connect', r))
    await new Promise((r) => setTimeout(r, 50))
    const closed = new Promise((r) => open.once('close', r))
    proxy.retarget({ host: '127.0.0.1', port: b.port })
    await closed
    expect(await ask(proxy.port, 'y')).toBe('b:y')
  })

  it('refuses, then hangs, then serves again on the same port', async () => {
    await proxy.setMode('refuse')
    await expect(ask(proxy.port, 'z')).rejects.toMatchObject({ code: 'ECONNREFUSED' })
    await proxy.setMode('hang')
    await expect(ask(proxy.port, 'z', 300)).rejects.toThrow('timeout')
    const pending = ask(proxy.port, 'late', 2000)
    await new Promise((r) => setTimeout(r, 100))
    await proxy.setMode('open')
    expect(await pending).toBe('b:late')
  })
})
