import { UPDATE_DIRECTORY_FIELDS_SQL } from '../users/user.repository';
import { UserStoreTestDatabase } from '../../test/user-store-test-database';
import { APPLY_PLANNER_COSTS } from './apply-plan.service';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

describe('the apply costs its statements for a few rows by key', () => {
  let db: UserStoreTestDatabase;

  beforeAll(async () => {
    db = await UserStoreTestDatabase.create();
    await db.query(
      `INSERT INTO users (id, user_name, auth_method, external_id, dn, privileges)
       SELECT gen_random_uuid(), 'u' || n, 'directory', 'e' || n, 'uid=u' || n, '{}'
         FROM generate_series(1, 20000) AS n`,
    );
    await db.query('ANALYZE users');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('updates 200 of 20,000 users through the primary key, reading no other user', async () => {
    const changed = await db.query<{ id: string; user_name: string; dn: string }>(
      'SELECT id, user_name, dn FROM users ORDER BY id LIMIT 200',
    );

    const plan = await db.dataSource.transaction(async (tx) => {
      await tx.query(APPLY_PLANNER_COSTS);
      const [row] = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
        `EXPLAIN (FORMAT JSON) ${UPDATE_DIRECTORY_FIELDS_SQL}`,
        [
          changed.map((user) => user.id),
          changed.map((user) => user.user_name),
          changed.map((user) => user.dn),
          changed.map(() => 'Changed'),
        ],
      );
      return row!['QUERY PLAN'][0].Plan;
    });

    const reads = nodesOf(plan).filter((node) => node['Relation Name'] === 'users');
    expect(reads.map((node) => node['Node Type'])).toEqual(['ModifyTable', 'Index Scan']);
  });
});
