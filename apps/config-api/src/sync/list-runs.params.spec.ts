import { strictValidationPipe } from '@dirsync/service-kit';
import { ListRunsParams } from './list-runs.params';

describe(ListRunsParams.name, () => {
  const sut = strictValidationPipe();
  const transform = (query: Record<string, string>) =>
    sut.transform(query, { type: 'query', metatype: ListRunsParams });

  it.each([
    [{}, undefined],
    [{ limit: '1' }, 1],
    [{ limit: '500' }, 500],
  ])('accepts %j', async (query, limit) => {
    expect(((await transform(query)) as ListRunsParams).limit).toBe(limit);
  });

  it.each([{ limit: '-1' }, { limit: '0' }, { limit: 'abc' }, { limit: '501' }, { limit: '1.5' }])(
    'refuses %j with a 400 naming limit',
    async (query) => {
      await expect(transform(query)).rejects.toMatchObject({
        status: 400,
        details: expect.arrayContaining([expect.objectContaining({ field: 'limit' })]),
      });
    },
  );
});
