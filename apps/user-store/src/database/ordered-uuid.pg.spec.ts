import { serversEnv, ThrowawayDatabase } from '@dirsync/testing';
import { orderedUuidSql } from './ordered-uuid';

describe(orderedUuidSql.name, () => {
  let database: ThrowawayDatabase;

  beforeAll(async () => {
    database = await ThrowawayDatabase.create(serversEnv().DATABASE_URL, 'ordered_uuid');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('gives version 7 UUIDs that grow with the counter, across the 14-bit boundary, all different', async () => {
    const rows = await database.query<{ n: number; id: string }>(
      `SELECT n, ${orderedUuidSql('n', '$1')}::text AS id FROM generate_series(0, 70000) AS n ORDER BY n`,
      [Date.now()],
    );

    expect(rows).toHaveLength(70001);
    const ids = rows.map((row) => row.id);
    const version7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(ids.filter((id) => !version7.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carries the clock it is given in its first 48 bits', async () => {
    const clock = Date.UTC(2026, 10, 30, 11, 22, 33, 444);
    const [row] = await database.query<{ id: string }>(
      `SELECT ${orderedUuidSql('1', '$1')}::text AS id`,
      [clock],
    );

    expect(parseInt(row!.id.replace(/-/g, '').slice(0, 12), 16)).toBe(clock);
  });

  it('gives the same ids for the same counters when its random bits are fixed', async () => {
    const clock = Date.now();
    const random = Buffer.from('0123456789ab', 'hex');
    const select = `SELECT ${orderedUuidSql('n', '$1', '$2::bytea')}::text AS id FROM generate_series(0, 2) AS n ORDER BY n`;
    const first = await database.query<{ id: string }>(select, [clock, random]);
    const again = await database.query<{ id: string }>(select, [clock, random]);

    expect(again).toEqual(first);
    expect(new Set(first.map((row) => row.id)).size).toBe(3);
    expect(first.map((row) => row.id.slice(-12))).toEqual(Array(3).fill('0123456789ab'));
  });
});
