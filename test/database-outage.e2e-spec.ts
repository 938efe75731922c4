import { createServer, Server, Socket } from 'node:net';
import { request } from './support/http';
import { createConnection, scimError, scimRequest } from './support/scim';
import { seedOrganization, startTestApp, TestApp } from './support/test-app';
import { freshPostgresDatabase, isPostgresRun } from './support/test-database';

/**
 * A TCP proxy in front of PostgreSQL that the test can cut, so the service
 * loses its database for real: open connections are reset and new ones are
 * refused.
 */
class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async open(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

(isPostgresRun() ? describe : describe.skip)('database outage', () => {
  let testApp: TestApp;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const url = new URL(await freshPostgresDatabase());
    proxy = new CuttableProxy(url.hostname, Number(url.port || 5432));
    await proxy.open();
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    testApp = await startTestApp({ DATABASE_URL: url.toString() });
  });

  afterAll(async () => {
    await testApp?.close();
    await proxy?.cut().catch(() => undefined);
  });

  it('answers 503 with Retry-After, then recovers', async () => {
    const admin = await seedOrganization(testApp);
    const connection = await createConnection(testApp, admin);
    const usersPath = `${connection.scimPath}/Users`;
    const before = await scimRequest(testApp, 'GET', usersPath, connection.token);

    await proxy.cut();
    const during = await scimRequest(testApp, 'GET', usersPath, connection.token);
    const readiness = await request(testApp.baseUrl, 'GET', '/health/ready');
    const liveness = await request(testApp.baseUrl, 'GET', '/health/live');
    await proxy.open(proxy.port);
    let after = await scimRequest(testApp, 'GET', usersPath, connection.token);
    for (let attempt = 0; attempt < 20 && after.status !== 200; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await scimRequest(testApp, 'GET', usersPath, connection.token);
    }

    expect(before.status).toBe(200);
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(during.body).toEqual(scimError(503));
    expect(readiness.status).toBe(503);
    expect(liveness.status).toBe(200);
    expect(after.status).toBe(200);
  });
});
