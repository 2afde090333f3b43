/**
 * Active Directory's objectGUID (16 bytes) in its canonical text form,
 * `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` in lower case. The first three groups
 * are stored little-endian (Windows GUID layout), so their bytes are reversed;
 * reading the bytes in order would give a different, wrong id.
 */
export function objectGuidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) throw new Error(`an objectGUID has 16 bytes, not ${bytes.length}`);
  const hex = (indexes: number[]) =>
    indexes.map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('');
  return [
    hex([3, 2, 1, 0]),
    hex([5, 4]),
    hex([7, 6]),
    hex([8, 9]),
    hex([10, 11, 12, 13, 14, 15]),
  ].join('-');
}
