import { storedUser } from '../../test/test-users';
import { UserLookupLru } from './user-lookup-lru';

const HOUR = 3_600_000;

describe(UserLookupLru.name, () => {
  it('answers a name as it was asked for, and nothing else', () => {
    const sut = new UserLookupLru(10);
    const ann = storedUser('ann');
    sut.set('Ann', ann, 0);

    expect(sut.get('Ann', 0, HOUR)).toBe(ann);
    // Another spelling is another question for user-store (its lower() decides, not ours).
    expect(sut.get('ann', 0, HOUR)).toBeUndefined();
  });

  it('drops the least recently used beyond its capacity', () => {
    const sut = new UserLookupLru(2);
    sut.set('ann', storedUser('ann'), 0);
    sut.set('bob', storedUser('bob'), 0);
    sut.get('ann', 0, HOUR); // ann used after bob
    sut.set('cid', storedUser('cid'), 0);

    expect(sut.size).toBe(2);
    expect(sut.get('bob', 0, HOUR)).toBeUndefined();
    expect(sut.get('ann', 0, HOUR)).toBeDefined();
    expect(sut.get('cid', 0, HOUR)).toBeDefined();
  });

  it('keeps nothing with a capacity of 0', () => {
    const sut = new UserLookupLru(0);
    sut.set('ann', storedUser('ann'), 0);
    expect(sut.size).toBe(0);
  });

  it('does not answer with an entry older than the maximum age', () => {
    const sut = new UserLookupLru(10);
    sut.set('ann', storedUser('ann'), 1_000);

    expect(sut.get('ann', 1_000 + HOUR, HOUR)).toBeDefined();
    expect(sut.get('ann', 1_001 + HOUR, HOUR)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  describe('dropping a user', () => {
    const ann = storedUser('ann');
    const bob = storedUser('bob');
    function filled() {
      const sut = new UserLookupLru(10);
      sut.set('ann', ann, 0);
      sut.set('Ann', ann, 0);
      // The same person once asked for by a name the store spelt otherwise.
      sut.set('A.NN', { ...ann, userName: 'a.nn' }, 0);
      sut.set('bob', bob, 0);
      return sut;
    }

    it('drops every entry of the user id, however it was asked for', () => {
      const sut = filled();
      expect(sut.dropUser(ann.id, [])).toBe(3);
      expect(sut.size).toBe(1);
      expect(sut.get('bob', 0, HOUR)).toBe(bob);
    });

    it('drops the entries of a name in any case, whoever they hold', () => {
      const sut = filled();
      expect(sut.dropUser('another-id', ['ANN'])).toBe(2);
      expect(sut.get('A.NN', 0, HOUR)).toBeDefined();
      expect(sut.get('bob', 0, HOUR)).toBe(bob);
    });

    it('drops an entry by the name it was asked for', () => {
      const sut = filled();
      expect(sut.dropUser('another-id', ['a.nn'])).toBe(1);
      expect(sut.get('A.NN', 0, HOUR)).toBeUndefined();
      expect(sut.size).toBe(3);
    });
  });

  it('forgets an evicted entry in its indexes (a later drop finds nothing of it)', () => {
    const sut = new UserLookupLru(1);
    const ann = storedUser('ann');
    sut.set('ann', ann, 0);
    sut.set('bob', storedUser('bob'), 0);

    expect(sut.dropUser(ann.id, ['ann'])).toBe(0);
    expect(sut.size).toBe(1);
  });

  it('empties completely on clear', () => {
    const sut = new UserLookupLru(10);
    const ann = storedUser('ann');
    sut.set('ann', ann, 0);
    sut.clear();

    expect(sut.size).toBe(0);
    expect(sut.dropUser(ann.id, ['ann'])).toBe(0);
  });
});
