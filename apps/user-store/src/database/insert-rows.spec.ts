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
  it('sends all rows as one statement, one array parameter per column', async () => {
    const { manager, sent } = recordingManager();

    await insertRows(
      manager,
      'users',
      [
        ['id', 'uuid'],
        ['privileges', 'text[]'],
      ],
      [
        ['a', ['log-on']],
        ['b', []],
      ],
    );

    expect(sent).toEqual([
      {
        sql: 'INSERT INTO users (id, privileges) SELECT v.id, ARRAY(SELECT jsonb_array_elements_text(v.privileges)) FROM unnest($1::uuid[], $2::jsonb[]) AS v(id, privileges)',
        params: [
          ['a', 'b'],
          ['["log-on"]', '[]'],
        ],
      },
    ]);
  });

  it('sends nothing for no rows', async () => {
    const { manager, sent } = recordingManager();

    await insertRows(manager, 'users', [['id', 'uuid']], []);

    expect(sent).toEqual([]);
  });

  it('refuses a row whose values do not match the columns', async () => {
    const { manager } = recordingManager();

    await expect(
      insertRows(
        manager,
        'users',
        [
          ['id', 'uuid'],
          ['dn', 'text'],
        ],
        [['a']],
      ),
    ).rejects.toThrow('insert into users: 1 values for 2 columns');
  });
});
