import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { ServiceProcess } from './service-process';

const BATCH_SIZE = 1000;

function memberRow(organizationId: string, index: number, createdAt: Date): unknown[] {
  const userName = `user${index}@bench.test`;
  const attributes = JSON.stringify({
    name: { givenName: `Given${index}`, familyName: `Family${index}` },
    emails: [{ value: userName, type: 'work', primary: true }],
  });
  return [
    randomUUID(),
    organizationId,
    userName,
    userName,
    `Given${index} Family${index}`,
    attributes,
    createdAt,
  ];
}

/**
 * Inserts members `from` to `to - 1` (userName `user<i>@bench.test`) straight
 * into the service's database, in the shape the service writes, so the
 * benchmark can reach 100,000 members in seconds. Creation times are one
 * millisecond apart. Returns the new members' ids, in index order.
 */
export async function seedMembers(
  service: ServiceProcess,
  organizationId: string,
  from: number,
  to: number,
): Promise<string[]> {
  const base = Date.now() - to;
  const ids: string[] = [];
  if (service.env.DATABASE_URL) {
    const client = new Client({ connectionString: service.env.DATABASE_URL });
    await client.connect();
    try {
      for (let start = from; start < to; start += BATCH_SIZE) {
        const values: unknown[] = [];
        const tuples: string[] = [];
        for (let index = start; index < Math.min(to, start + BATCH_SIZE); index += 1) {
          const row = memberRow(organizationId, index, new Date(base + index));
          ids.push(row[0] as string);
          const offset = values.length;
          tuples.push(
            `($${offset + 1}, $${offset + 2}, $${offset + 3}, $${offset + 4}, $${offset + 5}, 'active', 'member', 'manual', 'scim', $${offset + 6}, 1, $${offset + 7}, $${offset + 7})`,
          );
          values.push(...row);
        }
        await client.query(
          `INSERT INTO members (id, organization_id, email, user_name, display_name, status, role, role_source, managed_by, scim_attributes, scim_version, created_at, updated_at) VALUES ${tuples.join(', ')}`,
          values,
        );
      }
      // Fresh statistics, as autovacuum would gather them, so the planner uses the indexes.
      await client.query('ANALYZE members');
    } finally {
      await client.end();
    }
    return ids;
  }
  const db = new Database(`${service.env.DATA_DIR}/strada.sqlite`);
  db.pragma('busy_timeout = 10000');
  const insert = db.prepare(
    `INSERT INTO members (id, organization_id, email, user_name, display_name, status, role, role_source, managed_by, scim_attributes, scim_version, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'active', 'member', 'manual', 'scim', ?, 1, ?, ?)`,
  );
  const insertAll = db.transaction((first: number, last: number) => {
    for (let index = first; index < last; index += 1) {
      const row = memberRow(organizationId, index, new Date(base + index));
      ids.push(row[0] as string);
      const created = (row[6] as Date).toISOString().replace('T', ' ').replace('Z', '');
      insert.run(...row.slice(0, 6), created, created);
    }
  });
  insertAll(from, to);
  db.exec('ANALYZE members');
  db.close();
  return ids;
}
