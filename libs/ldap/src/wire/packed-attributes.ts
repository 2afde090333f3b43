/**
 * Which attributes a search wants packed (PackedValues), keyed by the list of
 * attributes it asks for: ldapts keeps that list as given on its
 * SearchRequest, which is all the entry decoder sees of a search.
 */
const packedTypesByRequestedList = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * `attributes`, or with something to pack a copy of it that marks the search made with it: the entry
 * decoder (useLeanEntryDecoding) gives the values of the `packed` types as
 * PackedValues. Without the decoder, they come as ldapts decodes them.
 */
export function requestingPacked(attributes: string[], packed: readonly string[]): string[] {
  if (packed.length === 0) return attributes;
  const list = [...attributes];
  packedTypesByRequestedList.set(list, new Set(packed.map((type) => type.toLowerCase())));
  return list;
}

/** The lower-case types to pack for a search that asked for `attributes` (usually none). */
export function packedTypesOf(attributes: readonly string[]): ReadonlySet<string> | undefined {
  return packedTypesByRequestedList.get(attributes);
}
