import { createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of a server (PostgreSQL or Redis) that a test can
 * cut, so the service loses that server for real: open connections are
 * reset and new ones are refused. `stall` instead keeps every connection
 * open and silently drops what passes, like a network that stopped
 * responding.
 */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(port = 0): Promise<void> {
    this.stalled = false;
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.on('data', (chunk: Buffer) => {
        if (!this.stalled) upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (!this.stalled) client.write(chunk);
      });
      client.on('end', () => upstream.end());
      upstream.on('end', () => client.end());
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Drops all traffic from now on while keeping connections open; `cut` ends it. */
  stall(): void {
    this.stalled = true;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => {
      if (this.server?.listening === true) this.server.close(() => resolve());
      else resolve();
    });
  }
}
