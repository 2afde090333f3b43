import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A fresh PostgreSQL database for one test file, dropped afterwards. */
export class ThrowawayDatabase {
  private constructor(
    private readonly adminUrl: string,
    readonly name: string,
    readonly url: string,
  ) {}

  static async create(serverUrl: string, prefix = 'e2e'): Promise<ThrowawayDatabase> {
    const name = `${prefix}_${randomBytes(4).toString('hex')}`;
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return new ThrowawayDatabase(serverUrl, name, url.toString());
  }

  query<T extends object = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    return withClient(this.url, async (client) => (await client.query(sql, params)).rows as T[]);
  }

  /**
   * Ends this role's sessions on the database, then drops it. Not `WITH
   * (FORCE)`: that refuses (42501) when an autovacuum worker is in the
   * database (after a test wrote 100,000 rows, say), since the test role
   * may not signal it; a plain DROP DATABASE cancels autovacuum itself and
   * waits a few seconds for sessions to end.
   */
  async drop(): Promise<void> {
    await withClient(this.adminUrl, async (client) => {
      for (let attempt = 1; ; attempt += 1) {
        await client.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()`,
          [this.name],
        );
        try {
          await client.query(`DROP DATABASE IF EXISTS ${this.name}`);
          return;
        } catch (error) {
          // 55006: a session (one that was connecting just now) is still there.
          if ((error as { code?: string }).code !== '55006' || attempt >= 5) throw error;
        }
      }
    });
  }
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
