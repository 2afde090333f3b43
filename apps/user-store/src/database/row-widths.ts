/** Throws unless every row has one value per column (a bulk write's rows come from this code). */
export function assertRowWidths(
  write: string,
  columns: number,
  rows: readonly (readonly unknown[])[],
): void {
  for (const row of rows) {
    if (row.length !== columns) {
      throw new Error(`${write}: ${row.length} values for ${columns} columns`);
    }
  }
}
