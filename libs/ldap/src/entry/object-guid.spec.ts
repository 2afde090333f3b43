import { objectGuidToString } from './object-guid';

describe(objectGuidToString.name, () => {
  it.each([
    // Bytes as Active Directory sends them, and the GUID that Get-ADUser shows for them.
    ['8a7b33a0b6ecfa4aa0f8c36b0a3e2a1f', 'a0337b8a-ecb6-4afa-a0f8-c36b0a3e2a1f'],
    ['00000000000000000000000000000000', '00000000-0000-0000-0000-000000000000'],
    ['ffeeddccbbaa99887766554433221100', 'ccddeeff-aabb-8899-7766-554433221100'],
    // 16 bytes that happen to be valid UTF-8: they must still be read as bytes.
    ['41424344454647484950515253545556', '44434241-4645-4847-4950-515253545556'],
  ])('turns %s into %s', (hex, text) => {
    expect(objectGuidToString(Buffer.from(hex, 'hex'))).toBe(text);
  });

  it('refuses anything but 16 bytes', () => {
    expect(() => objectGuidToString(Buffer.alloc(15))).toThrow(/16 bytes/);
  });
});
