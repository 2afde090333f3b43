import { checkDeletionThreshold } from './deletion-threshold';

const threshold = { maxCount: 500, maxPercent: 20 };

describe(checkDeletionThreshold.name, () => {
  it.each([
    [0, 0, false, 'nothing to delete'],
    [10, 990, false, '1% of the directory'],
    [20, 80, false, 'exactly 20%'],
    [500, 9500, false, 'exactly 500'],
  ])('lets %i deletions of %i remaining users pass (%s)', (deletions, remaining, allow) => {
    expect(() => checkDeletionThreshold(deletions, remaining, threshold, allow)).not.toThrow();
  });

  it.each([
    [21, 79, 'more than 20%'],
    [501, 100_000, 'more than 500'],
    [3, 0, 'everybody (an outage or a bad filter looks like this)'],
  ])('stops %i deletions with %i remaining (%s)', (deletions, remaining) => {
    expect(() => checkDeletionThreshold(deletions, remaining, threshold, false)).toThrow(
      /Nothing was changed/,
    );
  });

  it('lets an admin override it explicitly', () => {
    expect(() => checkDeletionThreshold(3, 0, threshold, true)).not.toThrow();
  });
});
