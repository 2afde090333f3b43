import { EVENT_CONTRACTS } from '@dirsync/contracts';
import { USER_EVENT_KEYS, userEventSubjects } from './user-event-subjects';

const snapshot = (userName: string) => ({
  id: 'u-1',
  userName,
  fullName: null,
  emailAddresses: [],
  externalId: 'x-1',
  dn: `uid=${userName},ou=people,dc=example,dc=com`,
  privileges: [],
});
const base = {
  eventId: '00000000-0000-4000-8000-000000000001',
  occurredAt: '2026-01-01T00:00:00Z',
};

describe(userEventSubjects.name, () => {
  it('follows every user event of the contracts (a new one must be added here, or the cache would miss it)', () => {
    const userEvents = Object.keys(EVENT_CONTRACTS).filter((key) => key.startsWith('user.'));
    expect([...USER_EVENT_KEYS].sort()).toEqual(userEvents.sort());
  });

  it.each([
    ['user.created.v1', { ...base, user: snapshot('ann') }, ['ann']],
    ['user.updated.v1', { ...base, user: snapshot('ann'), changes: [] }, ['ann']],
    [
      'user.deleted.v1',
      { ...base, user: snapshot('ann'), archiveFolderId: null, reason: 'gone' },
      ['ann'],
    ],
    [
      'user.renamed.v1',
      { ...base, user: snapshot('ann.new'), previousUserName: 'ann', previousDn: null },
      ['ann.new', 'ann'],
    ],
  ] as const)('names the user of %s by id and by every name', (routingKey, event, names) => {
    expect(userEventSubjects(routingKey, event as never)).toEqual({
      userId: 'u-1',
      userNames: names,
    });
  });
});
