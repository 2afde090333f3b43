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

  async drop(): Promise<void> {
    await withClient(this.adminUrl, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`),
    );
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
