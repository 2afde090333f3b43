import type { EntityManager } from 'typeorm';
import { insertRows } from './insert-rows';

/** Records the statements instead of sending them. */
function recordingManager() {
  const sent: { sql: string; params: unknown[] }[] = [];
  const manager = {
    query: (sql: string, params: unknown[]) => {
      sent.push({ sql, params });
      return Promise.resolve([]);
    },
  } as unknown as EntityManager;
  return { manager, sent };
}

describe(insertRows.name, () => {
  it('sends all rows as one statement, every value a numbered parameter', async () => {
    const { manager, sent } = recordingManager();

    await insertRows(
      manager,
      'users',
      ['id', 'privileges'],
      [
        ['a', ['log-on']],
        ['b', []],
      ],
    );

    expect(sent).toEqual([
      {
        sql: 'INSERT INTO users (id, privileges) VALUES ($1, $2), ($3, $4)',
        params: ['a', ['log-on'], 'b', []],
      },
    ]);
  });

  it('sends nothing for no rows', async () => {
    const { manager, sent } = recordingManager();

    await insertRows(manager, 'users', ['id'], []);

    expect(sent).toEqual([]);
  });

  it('refuses a row whose values do not match the columns', async () => {
    const { manager } = recordingManager();

    await expect(insertRows(manager, 'users', ['id', 'dn'], [['a']])).rejects.toThrow(
      'insert into users: 1 values for 2 columns',
    );
  });
});
