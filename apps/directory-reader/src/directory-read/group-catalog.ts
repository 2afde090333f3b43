import { normalizeDnOrNull } from '@dirsync/ldap';

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

export interface GroupInput {
  dn: string;
  names: string[];
  description: string | null;
  members: string[];
}

/**
 * Every group the group filter found, with members as small integer ids of
 * normalized DNs: 2,000 groups with a million member values fit in a few MB
 * this way, and a DN that appears in ten groups is normalized once. Raw DN
 * strings are cached too, because servers repeat them byte for byte.
 */
export class GroupCatalog {
  private readonly idsByNormalizedDn = new Map<string, number>();
  private readonly idsByRawDn = new Map<string, number>();
  private readonly shownDns: string[] = [];
  private readonly groupsById = new Map<number, CatalogGroup>();

  /**
   * @param plainMembersAllowed with a member search filter configured, values
   *   that are not DNs are plain names to resolve; without one they are invalid.
   */
  constructor(private readonly plainMembersAllowed: boolean) {}

  /** Adds a group; returns the member values that are neither DNs nor (allowed) plain names. */
  add(input: GroupInput): { invalidMembers: string[] } {
    const id = this.idOf(input.dn);
    if (id === null) return { invalidMembers: [] };
    const memberIds = new Int32Array(input.members.length);
    let memberCount = 0;
    const plainMembers: string[] = [];
    const invalidMembers: string[] = [];
    for (const member of input.members) {
      // A DN seen before (most are: every user is in several groups) needs one lookup.
      const memberId =
        this.idsByRawDn.get(member) ?? (looksLikeDn(member) ? this.idOf(member) : null);
      if (memberId !== null) memberIds[memberCount++] = memberId;
      else if (this.plainMembersAllowed && member.trim()) plainMembers.push(member.trim());
      else invalidMembers.push(member);
    }
    this.groupsById.set(id, {
      id,
      dn: input.dn,
      names: input.names,
      description: input.description,
      memberIds: memberCount === memberIds.length ? memberIds : memberIds.slice(0, memberCount),
      plainMembers,
    });
    return { invalidMembers };
  }

  /** The id of a DN, allocating one when new; null when the text is not a DN. */
  idOf(rawDn: string): number | null {
    const cached = this.idsByRawDn.get(rawDn);
    if (cached !== undefined) return cached;
    const normalized = normalizeDnOrNull(rawDn);
    if (normalized === null) return null;
    let id = this.idsByNormalizedDn.get(normalized);
    if (id === undefined) {
      id = this.shownDns.length;
      this.shownDns.push(rawDn);
      this.idsByNormalizedDn.set(normalized, id);
    }
    this.idsByRawDn.set(rawDn, id);
    return id;
  }

  /** The id of a DN already known (as a group or a member), without allocating one. */
  find(rawDn: string): number | undefined {
    const cached = this.idsByRawDn.get(rawDn);
    if (cached !== undefined) return cached;
    const normalized = normalizeDnOrNull(rawDn);
    return normalized === null ? undefined : this.idsByNormalizedDn.get(normalized);
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
    return this.shownDns[id] ?? `#${id}`;
  }

  /** How many DN ids exist; ids are 0 … idCount-1. */
  get idCount(): number {
    return this.shownDns.length;
  }

  get groupCount(): number {
    return this.groupsById.size;
  }
}

/** A cheap pre-check: text without `=` (a memberUid like `jdoe`) is never a DN; the parser decides the rest. */
function looksLikeDn(value: string): boolean {
  return value.includes('=');
}
