import { inBatches, WRITE_BATCH_SIZE } from './batches';

describe(inBatches.name, () => {
  it.each([
    { items: 0, size: 3, sizes: [] },
    { items: 1, size: 3, sizes: [1] },
    { items: 3, size: 3, sizes: [3] },
    { items: 7, size: 3, sizes: [3, 3, 1] },
  ])('cuts $items items into batches of $size: $sizes', ({ items, size, sizes }) => {
    const all = Array.from({ length: items }, (_, i) => i);

    const sut = inBatches(all, size);

    expect(sut.map((batch) => batch.length)).toEqual(sizes);
    expect(sut.flat()).toEqual(all);
  });

  it('writes 100,000 rows in 100 statements by default', () => {
    expect(WRITE_BATCH_SIZE).toBe(1_000);
    expect(inBatches(new Array<number>(100_000).fill(0))).toHaveLength(100);
  });

  it.each([0, -1, 1.5])('refuses a batch size of %p', (size) => {
    expect(() => inBatches([1], size)).toThrow(RangeError);
  });
});
