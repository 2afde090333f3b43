import { normalizeDnOrNull, type PackedValues } from '@dirsync/ldap';
import { ByteStringTable } from './byte-string-table';

export interface CatalogGroup {
  /** The id of the group's DN (see GroupCatalog.idOf). */
  id: number;
  dn: string;
  names: string[];
  description: string | null;
  /** Members given as DNs, as DN ids (a typed array: off the garbage-collected heap, never scanned). */
  memberIds: Int32Array;
  /** Members given as plain names (posixGroup memberUid), resolved later with the member search filter. */
  plainMembers: string[];
}

/** A store of DN spellings: `add` gives a key (the same for the same text), `text` the spelling back. */
export interface DnSpellings {
  add(dn: string): number;
  text(key: number): string;
}

/** In dnIdsOfKeys: a key added as a user's DN (dnSpellings), not (yet) a DN of the catalogue. */
const NOT_A_DN = -1;

export interface GroupInput {
  dn: string;
  names: string[];
  description: string | null;
  /** The member values, in one or more parts (Active Directory sends large groups in ranges). */
  members: readonly PackedValues[];
}

/**
 * Every group the group filter found, with members as small integer ids of
 * normalized DNs: 2,000 groups with a million member values fit in a few MB
 * this way, and a DN that appears in ten groups is normalized once. DNs are
 * kept as bytes in one ByteStringTable of keys, off the collected heap: each
 * DN's normalized form and every other spelling met, each key mapped to its
 * DN id. Servers repeat a DN byte for byte, so a member value seen before is
 * found by its bytes without becoming a string; and where a DN is already in
 * its normal form (OpenLDAP's lower-case DNs) it is held once, not twice.
 */
export class GroupCatalog {
  /** Normalized forms and spellings of DNs. */
  private readonly keys = new ByteStringTable();
  /** Key id → DN id. */
  private dnIdsOfKeys: Int32Array = new Int32Array(1024);
  /** DN id → the key id of the spelling it was first seen as (for messages). */
  private firstSpellings: Int32Array = new Int32Array(1024);
  private dnCount = 0;
  private readonly groupsById = new Map<number, CatalogGroup>();
  /** Reused for each group's member ids until they are counted (then copied to their exact length). */
  private scratchIds: Int32Array = new Int32Array(1024);

  /**
   * @param plainMembersAllowed with a member search filter configured, values
   *   that are not DNs are plain names to resolve; without one they are invalid.
   */
  constructor(private readonly plainMembersAllowed: boolean) {}

  /** Adds a group; returns the member values that are neither DNs nor (allowed) plain names. */
  add(input: GroupInput): { invalidMembers: string[] } {
    const id = this.idOf(input.dn);
    if (id === null) return { invalidMembers: [] };
    let memberIds = this.scratchIds;
    let memberCount = 0;
    const plainMembers: string[] = [];
    const invalidMembers: string[] = [];
    for (const part of input.members) {
      const view = part.view;
      for (const value = part.cursor(); value.next();) {
        if (memberCount === memberIds.length) memberIds = this.scratchIds = doubled(memberIds);
        // A DN seen before (most are: every user is in several groups) needs one lookup of its bytes.
        const key = this.keys.findBytes(view, value.start, value.end);
        const known = key >= 0 ? (this.dnIdsOfKeys[key] as number) : NOT_A_DN;
        if (known !== NOT_A_DN) {
          memberIds[memberCount++] = known;
          continue;
        }
        const member = value.text();
        const memberId = looksLikeDn(member) ? this.idOfNewSpelling(member) : null;
        if (memberId !== null) memberIds[memberCount++] = memberId;
        else if (this.plainMembersAllowed && member.trim()) plainMembers.push(member.trim());
        else invalidMembers.push(member);
      }
    }
    this.groupsById.set(id, {
      id,
      dn: input.dn,
      names: input.names,
      description: input.description,
      memberIds: memberIds.slice(0, memberCount),
      plainMembers,
    });
    return { invalidMembers };
  }

  /** The id of a DN, allocating one when new; null when the text is not a DN. */
  idOf(rawDn: string): number | null {
    const key = this.keys.find(rawDn);
    const known = key >= 0 ? (this.dnIdsOfKeys[key] as number) : NOT_A_DN;
    return known !== NOT_A_DN ? known : this.idOfNewSpelling(rawDn);
  }

  /** idOf for a spelling not among the keys yet. */
  private idOfNewSpelling(rawDn: string): number | null {
    const normalized = normalizeDnOrNull(rawDn);
    if (normalized === null) return null;
    const normalKey = this.keys.find(normalized);
    const known = normalKey >= 0 ? (this.dnIdsOfKeys[normalKey] as number) : NOT_A_DN;
    if (known !== NOT_A_DN) {
      this.addKey(rawDn, known);
      return known;
    }
    const id = this.dnCount++;
    const firstKey = this.addKey(normalized, id);
    this.firstSpellings = ensureLength(this.firstSpellings, id + 1);
    this.firstSpellings[id] = rawDn === normalized ? firstKey : this.addKey(rawDn, id);
    return id;
  }

  private addKey(text: string, dnId: number): number {
    const key = this.keys.add(text);
    this.dnIdsOfKeys = ensureLength(this.dnIdsOfKeys, key + 1);
    this.dnIdsOfKeys[key] = dnId;
    return key;
  }

  /** The id of a DN already known (as a group or a member), without allocating one. */
  find(rawDn: string): number | undefined {
    const key = this.keys.find(rawDn);
    const known = key >= 0 ? (this.dnIdsOfKeys[key] as number) : NOT_A_DN;
    if (known !== NOT_A_DN) return known;
    const normalized = normalizeDnOrNull(rawDn);
    const normalKey = normalized === null ? -1 : this.keys.find(normalized);
    const id = normalKey >= 0 ? (this.dnIdsOfKeys[normalKey] as number) : NOT_A_DN;
    return id !== NOT_A_DN ? id : undefined;
  }

  /**
   * Where the read summary keeps users' DNs: the catalogue's keys, as
   * spellings that name no DN of the catalogue when they are new. A user
   * whose DN is a member already (every user of a group scope) then costs
   * the summary 4 bytes instead of the DN's text.
   */
  get dnSpellings(): DnSpellings {
    return {
      add: (dn) => {
        const known = this.keys.size;
        const key = this.keys.add(dn);
        if (key === known) {
          this.dnIdsOfKeys = ensureLength(this.dnIdsOfKeys, key + 1);
          this.dnIdsOfKeys[key] = NOT_A_DN;
        }
        return key;
      },
      text: (key) => this.keys.text(key),
    };
  }

  group(id: number): CatalogGroup | undefined {
    return this.groupsById.get(id);
  }

  /** One byte per DN id known now, 1 for groups: a cheap test for walks over a million member ids. */
  groupFlags(): Uint8Array {
    const flags = new Uint8Array(this.idCount);
    for (const id of this.groupsById.keys()) flags[id] = 1;
    return flags;
  }

  groups(): IterableIterator<CatalogGroup> {
    return this.groupsById.values();
  }

  /** Groups whose name (any value, case-insensitively) or DN is the given text. */
  findByNameOrDn(nameOrDn: string): CatalogGroup[] {
    const wanted = nameOrDn.trim().toLowerCase();
    const byName = [...this.groupsById.values()].filter((group) =>
      group.names.some((name) => name.trim().toLowerCase() === wanted),
    );
    if (byName.length > 0) return byName;
    const id = looksLikeDn(nameOrDn) ? this.find(nameOrDn) : undefined;
    const byDn = id === undefined ? undefined : this.groupsById.get(id);
    return byDn ? [byDn] : [];
  }

  /** The DN as first seen (for messages). */
  shownDn(id: number): string {
    return id >= 0 && id < this.idCount
      ? this.keys.text(this.firstSpellings[id] as number)
      : `#${id}`;
  }

  /** How many DN ids exist; ids are 0 … idCount-1. */
  get idCount(): number {
    return this.dnCount;
  }

  /** Bytes held for the DNs (tables and indexes), for tests and diagnostics. */
  get dnBytes(): number {
    return this.keys.byteSize + this.dnIdsOfKeys.byteLength + this.firstSpellings.byteLength;
  }

  get groupCount(): number {
    return this.groupsById.size;
  }
}

function doubled(array: Int32Array): Int32Array {
  const longer = new Int32Array(array.length * 2);
  longer.set(array);
  return longer;
}

/** `array`, or a copy at least twice as long when it is shorter than `length`. */
function ensureLength(array: Int32Array, length: number): Int32Array {
  if (array.length >= length) return array;
  const longer = new Int32Array(Math.max(length, array.length * 2));
  longer.set(array);
  return longer;
}

/** A cheap pre-check: text without `=` (a memberUid like `jdoe`) is never a DN; the parser decides the rest. */
function looksLikeDn(value: string): boolean {
  return value.includes('=');
}
