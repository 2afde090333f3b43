import type { DirectoryUser } from '@dirsync/contracts';
import { Privilege } from '@dirsync/contracts';
import { directoryUser } from '@dirsync/testing';
import { createLine, DirectoryLines } from './directory-lines';
import { packUser } from './packed-user';

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
    expect(lines.createAddresses(0)).toEqual(user.emailAddresses);
    // A create line made when the plan is finished (a held name) hashes as a packed one does.
    expect(lines.canonicalTextParts(made)).toEqual(lines.canonicalTextParts(0));
    // What the fingerprint hashes: the line's privileges and its directory user packed.
    expect(lines.canonicalTextParts(0).join('')).toBe(
      `create${JSON.stringify(PRIVILEGES)}${packUser({ ...user, id: '', authMethod: 'directory', fullName: user.fullName ?? null })}`,
    );
    expect(lines.canonicalTextParts(made)).not.toEqual(
      lines.canonicalTextParts(createLine(user, [])),
    );
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
    expect(lines.createAddresses(1)).toEqual([]);
  });
});
