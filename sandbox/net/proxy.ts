// An RDS endpoint: a TCP proxy on a loopback address whose target server can move. It passes
// bytes through unchanged (so the MySQL protocol's in-band TLS reaches the real server), drops
// every open connection when re-pointed (as a switchover's rename does in RDS), and can refuse
// (listener closed: ECONNREFUSED) or hang (accepted, nothing forwarded) new connections for a
// window, which is how the sandbox produces a chosen interruption.
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface ProxyTarget {
  host: string
  port: number
}

export type ProxyMode = 'open' | 'refuse' | 'hang'

export class EndpointProxy {
  private server: Server
  private readonly open = new Set<Socket>()
  private readonly held = new Set<Socket>()
  private modeValue: ProxyMode = 'open'
  private closed = false

  private constructor(
    readonly host: string,
    readonly port: number,
    private targetValue: ProxyTarget | undefined,
    server: Server,
  ) {
    this.server = server
  }

  /** Listens on host:port (port 0 picks a free one). */
  static async listen(host: string, port: number, target?: ProxyTarget): Promise<EndpointProxy> {
    const holder: { proxy?: EndpointProxy } = {}
    const server = createServer((socket) => holder.proxy?.accept(socket))
    const bound = await bind(server, host, port)
    const proxy = new EndpointProxy(host, bound, target, server)
    holder.proxy = proxy
    return proxy
  }

  get target(): ProxyTarget | undefined {
    return this.targetValue
  }

  get mode(): ProxyMode {
    return this.modeValue
  }

  get connections(): number {
    return this.open.size
  }

  /** Points new connections at `target`; existing ones are dropped unless `keep`. */
  retarget(target: ProxyTarget | undefined, options: { keep?: boolean } = {}): void {
    this.targetValue = target
    if (!options.keep) this.dropAll()
  }

  /** Closes every open connection (clients see the connection lost). */
  dropAll(): void {
    for (const socket of this.open) socket.destroy()
    this.open.clear()
  }

  /** open: forward; refuse: stop listening (ECONNREFUSED); hang: accept and forward nothing until reopened. */
  async setMode(mode: ProxyMode): Promise<void> {
    if (this.closed || mode === this.modeValue) return
    const previous = this.modeValue
    this.modeValue = mode
    if (mode === 'refuse') {
      // Stop listening at once. close()'s callback would wait until every open connection
      // ended, and an endpoint being moved does not wait for its clients: a client holding a
      // connection (a pool, a monitor) would stall the whole switchover. Open connections
      // stay until retarget() drops them, as the rename does in RDS.
      this.server.close()
    } else if (previous === 'refuse') {
      const holder = { proxy: this as EndpointProxy }
      this.server = createServer((socket) => holder.proxy.accept(socket))
      await bind(this.server, this.host, this.port)
    }
    if (mode === 'open') {
      const waiting = [...this.held]
      this.held.clear()
      for (const socket of waiting) this.forward(socket)
    }
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.dropAll()
    for (const socket of this.held) socket.destroy()
    this.held.clear()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(socket: Socket): void {
    socket.on('error', () => undefined)
    if (this.modeValue === 'hang') {
      this.held.add(socket)
      socket.once('close', () => this.held.delete(socket))
      return
    }
    this.forward(socket)
  }

  private forward(client: Socket): void {
    const target = this.targetValue
    if (!target || client.destroyed) {
      client.destroy()
      return
    }
    const upstream = createConnection({ host: target.host, port: target.port })
    upstream.setNoDelay(true)
    client.setNoDelay(true)
    this.open.add(client)
    const finish = () => {
      this.open.delete(client)
      client.destroy()
      upstream.destroy()
    }
    upstream.on('error', finish)
    client.on('error', finish)
    upstream.on('close', finish)
    client.on('close', finish)
    client.pipe(upstream)
    upstream.pipe(client)
  }
}

function bind(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}
