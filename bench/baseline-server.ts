import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import Database from 'better-sqlite3';
import { Pool } from 'pg';

/**
 * The hand-written baseline that `npm run bench` compares the service with:
 * node:http, one prepared statement per request on an indexed column, and
 * the service's token check (token row read, then a constant-time HMAC
 * comparison). It implements only what the benchmark calls and is never
 * part of the product. Configuration comes from the benchmark through
 * BASELINE_* variables, since it shares the service's database.
 */

interface Store {
  tokenVerifier(
    tokenId: string,
    connectionId: string,
  ): Promise<{ organizationId: string; verifier: string } | undefined>;
  findByUserName(organizationId: string, userName: string): Promise<Record<string, unknown>[]>;
  page(organizationId: string, offset: number, limit: number): Promise<Record<string, unknown>[]>;
  insert(row: Record<string, unknown>): Promise<boolean>;
}

const MEMBER_COLUMNS =
  'id, user_name, display_name, status, external_id, scim_attributes, scim_version, created_at, updated_at';

function sqliteStore(file: string): Store {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.function('lower', { deterministic: true }, (value: unknown) =>
    value === null ? null : String(value).toLowerCase(),
  );
  const token = db.prepare(
    `SELECT organization_id, verifier FROM scim_tokens WHERE id = ? AND connection_id = ? AND state IN ('current', 'pending')`,
  );
  const byName = db.prepare(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = ? AND lower(user_name) = lower(?) AND scim_deleted_at IS NULL`,
  );
  const page = db.prepare(
    `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = ? AND scim_deleted_at IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?`,
  );
  const insert = db.prepare(
    `INSERT INTO members (id, organization_id, email, user_name, display_name, status, role, role_source, managed_by, external_id, scim_attributes, scim_version, created_at, updated_at)
     VALUES (@id, @organization_id, @email, @user_name, NULL, 'active', 'member', 'manual', 'scim', NULL, @scim_attributes, 1, @created_at, @created_at)
     ON CONFLICT DO NOTHING`,
  );
  return {
    async tokenVerifier(tokenId, connectionId) {
      const row = token.get(tokenId, connectionId) as
        { organization_id: string; verifier: string } | undefined;
      return row && { organizationId: row.organization_id, verifier: row.verifier };
    },
    async findByUserName(organizationId, userName) {
      return byName.all(organizationId, userName) as Record<string, unknown>[];
    },
    async page(organizationId, offset, limit) {
      return page.all(organizationId, limit, offset) as Record<string, unknown>[];
    },
    async insert(row) {
      const created = String(row.created_at).replace('T', ' ').replace('Z', '');
      return insert.run({ ...row, created_at: created }).changes === 1;
    },
  };
}

function postgresStore(url: string): Store {
  const pool = new Pool({ connectionString: url, max: 10 });
  return {
    async tokenVerifier(tokenId, connectionId) {
      const result = await pool.query({
        name: 'baseline_token',
        text: `SELECT organization_id, verifier FROM scim_tokens WHERE id = $1 AND connection_id = $2 AND state IN ('current', 'pending')`,
        values: [tokenId, connectionId],
      });
      const row = result.rows[0] as { organization_id: string; verifier: string } | undefined;
      return row && { organizationId: row.organization_id, verifier: row.verifier };
    },
    async findByUserName(organizationId, userName) {
      const result = await pool.query({
        name: 'baseline_by_name',
        text: `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = $1 AND lower(user_name) = lower($2) AND scim_deleted_at IS NULL`,
        values: [organizationId, userName],
      });
      return result.rows;
    },
    async page(organizationId, offset, limit) {
      const result = await pool.query({
        name: 'baseline_page',
        text: `SELECT ${MEMBER_COLUMNS} FROM members WHERE organization_id = $1 AND scim_deleted_at IS NULL ORDER BY created_at, id LIMIT $2 OFFSET $3`,
        values: [organizationId, limit, offset],
      });
      return result.rows;
    },
    async insert(row) {
      const result = await pool.query({
        name: 'baseline_insert',
        text: `INSERT INTO members (id, organization_id, email, user_name, display_name, status, role, role_source, managed_by, external_id, scim_attributes, scim_version, created_at, updated_at)
               VALUES ($1, $2, $3, $4, NULL, 'active', 'member', 'manual', 'scim', NULL, $5, 1, $6, $6) ON CONFLICT DO NOTHING`,
        values: [
          row.id,
          row.organization_id,
          row.email,
          row.user_name,
          row.scim_attributes,
          row.created_at,
        ],
      });
      return result.rowCount === 1;
    },
  };
}

const store = process.env.BASELINE_DATABASE_URL
  ? postgresStore(process.env.BASELINE_DATABASE_URL)
  : sqliteStore(String(process.env.BASELINE_SQLITE_FILE));
const verifierKey = createSecretKey(Buffer.from(String(process.env.BASELINE_VERIFIER_KEY), 'utf8'));
const TOKEN_PATTERN = /^Bearer strada_scim_([0-9a-f]{24})_([A-Za-z0-9_-]{43})$/;
const ROUTE = /^\/scim\/v2\/([0-9a-f-]{36})\/Users(\?.*)?$/;
const FILTER = /^userName eq "((?:[^"\\]|\\.)*)"$/;

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/scim+json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

function toResource(row: Record<string, unknown>): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: row.id,
    userName: row.user_name,
    ...(JSON.parse(String(row.scim_attributes ?? '{}')) as Record<string, unknown>),
    active: row.status === 'active',
    meta: { resourceType: 'User', version: `W/"${String(row.scim_version)}"` },
  };
}

async function authenticate(
  request: IncomingMessage,
  connectionId: string,
): Promise<string | undefined> {
  const match = TOKEN_PATTERN.exec(request.headers.authorization ?? '');
  if (match === null) return undefined;
  const row = await store.tokenVerifier(match[1], connectionId);
  if (row === undefined) return undefined;
  const presented = createHmac('sha256', verifierKey).update(match[2]).digest();
  const stored = Buffer.from(row.verifier, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored)
    ? row.organizationId
    : undefined;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const route = ROUTE.exec(request.url ?? '');
  if (route === null) return send(response, 404, { status: '404' });
  const organizationId = await authenticate(request, route[1]);
  if (organizationId === undefined) return send(response, 401, { status: '401' });
  const url = new URL(request.url ?? '', 'http://baseline');

  if (request.method === 'GET') {
    const filter = url.searchParams.get('filter');
    if (filter !== null) {
      const match = FILTER.exec(filter);
      if (match === null) return send(response, 400, { status: '400', scimType: 'invalidFilter' });
      const rows = await store.findByUserName(
        organizationId,
        JSON.parse(`"${match[1]}"`) as string,
      );
      return send(response, 200, { totalResults: rows.length, Resources: rows.map(toResource) });
    }
    const startIndex = Math.max(1, Number(url.searchParams.get('startIndex') ?? '1'));
    const count = Math.min(1000, Math.max(0, Number(url.searchParams.get('count') ?? '100')));
    const rows = await store.page(organizationId, startIndex - 1, count);
    return send(response, 200, {
      startIndex,
      itemsPerPage: rows.length,
      Resources: rows.map(toResource),
    });
  }
  if (request.method === 'POST') {
    const body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    const userName = body.userName;
    if (typeof userName !== 'string' || userName === '')
      return send(response, 400, { status: '400', scimType: 'invalidValue' });
    const row = {
      id: randomUUID(),
      organization_id: organizationId,
      email: userName,
      user_name: userName,
      scim_attributes: JSON.stringify({ name: body.name, emails: body.emails }),
      created_at: new Date().toISOString(),
    };
    if (!(await store.insert(row)))
      return send(response, 409, { status: '409', scimType: 'uniqueness' });
    return send(response, 201, toResource({ ...row, status: 'active', scim_version: 1 }));
  }
  return send(response, 405, { status: '405' });
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) =>
    send(response, 500, { status: '500', detail: String(error) }),
  );
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.BASELINE_PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
