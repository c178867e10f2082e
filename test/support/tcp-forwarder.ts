// A small TCP forwarder that plays an RDS endpoint in tests and benchmarks: clients connect
// to it, and it forwards to whichever server it points at. It can be re-pointed (a
// switchover), refuse connections (nothing listening: ECONNREFUSED), accept and never
// answer (a hung endpoint), or deliver the server's bytes late (a slow network). It counts the client sockets it holds, so a test can see that
// abandoned connections were really destroyed by the client.
import { createConnection, createServer, type Server, type Socket } from 'node:net'

export interface Target {
  host: string
  port: number
}

export type ForwarderMode = 'forward' | 'hang'

export class TcpForwarder {
  private server: Server | undefined
  private readonly clients = new Set<Socket>()
  private mode: ForwarderMode = 'forward'
  accepted = 0
  /** Delay added to everything the server sends to the client. */
  delayMs = 0

  private constructor(
    private target: Target,
    public port: number,
  ) {}

  static async start(target: Target): Promise<TcpForwarder> {
    const forwarder = new TcpForwarder(target, 0)
    await forwarder.listen()
    return forwarder
  }

  /** Client sockets currently open on the forwarder's side. */
  get open(): number {
    return this.clients.size
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client))
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject)
        const address = server.address()
        if (address && typeof address === 'object') this.port = address.port
        resolve()
      })
    })
  }

  private accept(client: Socket): void {
    this.accepted++
    this.clients.add(client)
    client.on('close', () => this.clients.delete(client))
    client.on('error', () => undefined)
    if (this.mode === 'hang') return // hold it; never answer
    const upstream = createConnection(this.target.port, this.target.host)
    upstream.setNoDelay(true)
    client.setNoDelay(true)
    // Server-to-client bytes (and the close after them) go through the delay, in order.
    const later = (action: () => void): void => {
      if (this.delayMs > 0) setTimeout(action, this.delayMs)
      else action()
    }
    upstream.on('data', (chunk) => later(() => client.write(chunk)))
    upstream.on('error', () => later(() => client.destroy()))
    upstream.on('close', () => later(() => client.destroy()))
    client.on('error', () => upstream.destroy())
    client.on('close', () => upstream.destroy())
    client.pipe(upstream)
  }

  /** Drops every open client connection (as RDS does at the switchover's rename). */
  dropConnections(): void {
    for (const c of this.clients) c.destroy()
  }

  /** Sends new connections to `target`; with `drop`, existing ones are cut too. */
  pointTo(target: Target, options: { drop?: boolean } = {}): void {
    this.target = target
    if (options.drop) this.dropConnections()
  }

  /** Stops listening: new connections get ECONNREFUSED. Open ones are dropped. */
  async refuse(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    this.dropConnections()
    await closed
  }

  /** Accepts new connections and never answers them. */
  hang(): void {
    this.mode = 'hang'
  }

  /** Back to forwarding (listening again on the same port if it had stopped). */
  async forward(): Promise<void> {
    this.mode = 'forward'
    if (!this.server) await this.listen()
  }

  async close(): Promise<void> {
    await this.refuse()
  }
}
