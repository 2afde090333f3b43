import { EVENT_CONTRACTS } from '@dirsync/contracts';
import { validatePlain } from '@dirsync/service-kit';
import { directoryUser, storedUser } from '@dirsync/testing';
import type { OutboxMessage } from './outbox-message';
import { userEvents } from './user-events';

/** The event as the relay will publish it, checked against its contract as the publisher does. */
function published(message: OutboxMessage) {
  const event = { ...message.payload, eventId: message.id, occurredAt: '2026-11-23T10:00:00.000Z' };
  return validatePlain(EVENT_CONTRACTS[message.routingKey] as never, event);
}

const ann = storedUser('ann');
const snapshot = {
  id: 'id-ann',
  userName: 'ann',
  fullName: 'ann Example',
  emailAddresses: ['ann@example.com'],
  externalId: 'ext-ann',
  dn: 'uid=ann,ou=people,dc=example,dc=com',
  privileges: ann.privileges,
};

describe('userEvents', () => {
  it('describes a created user, with the run that created it', () => {
    const sut = userEvents.created(ann, 'run-1');

    expect(sut.routingKey).toBe('user.created.v1');
    expect(sut.payload).toEqual({ user: snapshot, runId: 'run-1' });
    expect(published(sut).problems).toEqual([]);
  });

  it('describes an updated user with each changed field', () => {
    const changes = [{ field: 'fullName' as const, old: 'ann Example', new: 'Ann B' }];

    const sut = userEvents.updated({ ...ann, fullName: 'Ann B' }, changes, 'run-1');

    expect(sut.routingKey).toBe('user.updated.v1');
    expect(sut.payload).toEqual({
      user: { ...snapshot, fullName: 'Ann B' },
      changes,
      runId: 'run-1',
    });
    expect(published(sut).problems).toEqual([]);
  });

  it('describes a renamed user with the previous name and DN', () => {
    const after = { ...ann, ...directoryUser('anne', { externalId: 'ext-ann' }) };

    const sut = userEvents.renamed(
      ann,
      after,
      [{ field: 'userName', old: ann.userName, new: after.userName }],
      'run-1',
    );

    expect(sut.routingKey).toBe('user.renamed.v1');
    expect(sut.payload).toMatchObject({
      user: { id: 'id-ann', userName: 'anne', dn: 'uid=anne,ou=people,dc=example,dc=com' },
      previousUserName: 'ann',
      previousDn: 'uid=ann,ou=people,dc=example,dc=com',
      changes: [{ field: 'userName', old: 'ann', new: 'anne' }],
    });
    expect(published(sut).problems).toEqual([]);
  });

  it('describes a deleted user with the archive folder it left and why, without a run for an admin deletion', () => {
    const sut = userEvents.deleted(ann, 'folder-1', 'deleted-by-admin', null);

    expect(sut.routingKey).toBe('user.deleted.v1');
    expect(sut.payload).toEqual({
      user: snapshot,
      archiveFolderId: 'folder-1',
      reason: 'deleted-by-admin',
      runId: null,
    });
    expect(published(sut).problems).toEqual([]);
  });

  it('gives every event its own id (the eventId consumers de-duplicate on)', () => {
    const ids = new Set(Array.from({ length: 100 }, () => userEvents.created(ann, null).id));

    expect(ids.size).toBe(100);
  });
});
