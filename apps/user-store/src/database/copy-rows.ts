import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { assertRowWidths } from './row-widths';
import { textArrayLiteral } from './text-array-literal';

/** A value copyRows writes: text, an integer, a text array, or null. */
export type CopyValue = string | number | readonly (string | null)[] | null;

/** The characters COPY's text format escapes inside a value. */
const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A value as a field of COPY's text format (`\N` is null). */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? value : textArrayLiteral(value);
  return COPY_SPECIAL.test(text) ? text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : text;
}

/**
 * Writes rows into `table` with `COPY … FROM STDIN` in the caller's
 * transaction: PostgreSQL's fastest way in (no statement to parse, no arrays
 * to split). Staging a plan page of 1,000 creates this way took half the
 * PostgreSQL time of an INSERT from unnest'ed array parameters (0.45 against
 * 0.9 s for 100,000 lines, measured). COPY has no ON CONFLICT: a duplicate
 * key fails the whole COPY.
 * `table` and `columns` come from this code, never from input.
 */
export async function copyRows(
  tx: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  assertRowWidths(`copy into ${table}`, columns.length, rows);
  let text = '';
  for (const row of rows) {
    for (let index = 0; index < row.length; index++) {
      text += (index > 0 ? '\t' : '') + copyField(row[index] ?? null);
    }
    text += '\n';
  }
  if (!tx.queryRunner) throw new Error(`copy into ${table}: needs a transaction's manager`);
  const client = (await tx.queryRunner.connect()) as PoolClient;
  await pipeline(
    Readable.from([text]),
    client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}
