import { createHash } from 'node:crypto';
import type { DirectoryUser, PlannedUserChange } from '@dirsync/contracts';
import { Privilege } from '@dirsync/contracts';
import { directoryUser } from '@dirsync/testing';
import { createLine, DirectoryLines } from './directory-lines';
import { packUser } from './packed-user';
import { textHash } from './text-hash';

const PRIVILEGES = [Privilege.LogOn, Privilege.ReadOwnArchive];

describe(DirectoryLines.name, () => {
  it.each<[string, DirectoryUser]>([
    ['a directory user', directoryUser('ann')],
    ['no full name', { ...directoryUser('bob'), fullName: null }],
    ['a full name left out', { ...directoryUser('bob'), fullName: undefined as unknown as null }],
    [
      'several addresses and characters outside Latin-1',
      { ...directoryUser('zoë'), fullName: 'Zoë 山田', emailAddresses: ['z@x.org', 'ü@ß.de'] },
    ],
    ['no address', { ...directoryUser('carl'), emailAddresses: [] }],
    [
      'a stable id that is a UUID (kept as its bytes)',
      { ...directoryUser('dora'), externalId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
    ],
    [
      'a stable id that is a UUID in capitals (kept as text)',
      { ...directoryUser('dora'), externalId: '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D' },
    ],
  ])('gives a packed create line back as createLine made it, to the byte: %s', (_, user) => {
    const lines = new DirectoryLines(PRIVILEGES);
    lines.addCreate(0, user);

    const made = createLine(user, PRIVILEGES);
    expect(JSON.stringify(lines.line(0))).toBe(JSON.stringify(made));
    expect(lines.action(0)).toBe('create');
    expect(lines.userName(0)).toBe(user.userName);
    expect(lines.broughtAddresses(0)).toEqual(user.emailAddresses);
    // A create line made when the plan is finished (a held name) has the digest of a packed one.
    expect(lines.digest(made)).toEqual(lines.digest(0));
    // What the fingerprint hashes of it: its directory user packed (privileges go in once).
    const packed = packUser({
      ...user,
      id: '',
      authMethod: 'directory',
      fullName: user.fullName ?? null,
    });
    expect(lines.digest(0)).toEqual(createHash('sha256').update(packed).digest().subarray(0, 16));
    // A create line with other privileges than the new users' is hashed as JSON.
    expect(lines.digest(createLine(user, []))).toEqual(
      createHash('sha256')
        .update(JSON.stringify(createLine(user, [])))
        .digest()
        .subarray(0, 16),
    );
  });

  it('lets a staged create line go, keeping its digest, and takes it back only as it was', () => {
    const ann = directoryUser('ann', { emailAddresses: ['Ann@Example.com', 'ann@example.com'] });
    const update: PlannedUserChange = {
      action: 'update',
      userName: 'bob',
      userId: 'id-bob',
      directoryUser: directoryUser('bob'),
      fieldChanges: [{ field: 'fullName', old: 'B', new: 'Bob' }],
    };
    const lines = new DirectoryLines(PRIVILEGES);
    lines.addCreate(0, ann);
    lines.add(1, update);
    lines.addCreate(2, directoryUser('cid'));
    const digest = Buffer.from(lines.digest(0));

    lines.release(0, 2);

    expect([lines.isReleased(0), lines.isReleased(1), lines.isReleased(2)]).toEqual([
      true,
      false,
      false,
    ]);
    expect(lines.action(0)).toBe('create');
    expect(Buffer.from(lines.digest(0))).toEqual(digest);
    expect(lines.released.nameHash(0)).toBe(textHash('ann'));
    // One hash per address, whatever its case.
    expect([...lines.released.allAddressHashes()]).toEqual([textHash('ann@example.com')]);
    expect(lines.released.hasAddressHashIn(0, new Set([textHash('ann@example.com')]))).toBe(true);
    expect(lines.released.hasAddressHashIn(0, new Set([textHash('ann')]))).toBe(false);
    expect(() => lines.line(0)).toThrow('released');
    expect(() => lines.userName(0)).toThrow('released');
    expect(lines.line(1)).toBe(update);

    expect(() => lines.restore(0, createLine(directoryUser('ann'), PRIVILEGES))).toThrow(
      'not the line the planner made',
    );
    expect(() => lines.restore(2, createLine(directoryUser('cid'), PRIVILEGES))).toThrow(
      'not released',
    );
    lines.restore(0, createLine(ann, PRIVILEGES));
    expect(lines.line(0)).toEqual(createLine(ann, PRIVILEGES));
    expect(Buffer.from(lines.digest(0))).toEqual(digest);
  });

  it('releases nothing once told to stop', () => {
    const lines = new DirectoryLines(PRIVILEGES);
    lines.addCreate(0, directoryUser('ann'));
    lines.stopReleasing();
    lines.release(0, 1);
    expect(lines.isReleased(0)).toBe(false);
    expect(lines.userName(0)).toBe('ann');
  });

  it('keeps any other line as it was given, and numbers lines in the order added', () => {
    const keep = {
      action: 'keep',
      userName: 'old',
      userId: 'id-old',
      reason: 'no-longer-in-directory',
    } as const;
    const lines = new DirectoryLines(PRIVILEGES);
    lines.addCreate(4, directoryUser('ann'));
    lines.add(9, keep);

    expect(lines.count).toBe(2);
    expect(lines.line(1)).toBe(keep);
    expect([lines.placeOf(0), lines.placeOf(1)]).toEqual([4, 9]);
    expect(lines.broughtAddresses(1)).toEqual([]);
  });
});
