import type { DirectoryWarning } from '@dirsync/contracts';
import type { CatalogGroup, GroupCatalog } from './group-catalog';

/** What one member search found for a batch of plain member names. */
export interface PlainResolution {
  /** The plain member values asked for. */
  values: string[];
  /** DNs found for each value, keyed by the value in lower case. */
  byValue: Map<string, string[]>;
  /**
   * DNs that could not be tied to one value (the member search filter does not
   * compare an attribute with `{member}`): every group that listed any value
   * of the batch gets them. Scope stays exact because all those groups are
   * reached already.
   */
  unattributed: string[];
}

export interface ScopeResult {
  /**
   * Indexed by DN id: for a member in scope that is not a group (a user, or
   * a dangling DN), the id of a group that lists it; -1 otherwise. Ids
   * allocated later (never seen in a group) are simply out of range.
   */
  referrers: Int32Array;
  /** Member ids found by a member search: they exist, so they are never dangling. */
  foundByName: Set<number>;
  warnings: DirectoryWarning[];
}

const NO_MEMBERS = new Int32Array(0);
const GREY = 1;
const BLACK = 2;

/** One group on the depth-first stack: its member ids (DNs, then found by name) and how far it got. */
interface Frame {
  id: number;
  dnEdges: ArrayLike<number>;
  nameEdges: readonly number[];
  next: number;
}

/**
 * Which members the synchronized groups have, directly or through nested
 * groups, as a pure computation over the GroupCatalog. Plain member names
 * need the directory, so the caller drives it: `expand()` returns the names
 * to look up, `addResolved()` takes the answers, until `expand()` returns
 * none; then `result()`. Cycles cannot loop (each group is walked once) and
 * are reported.
 */
export class GroupScope {
  /** Group ids, as flags by DN id; DNs met later (resolved by name) are never groups. */
  private readonly isGroup: Uint8Array;
  private readonly reached = new Set<number>();
  private readonly frontier: number[] = [];
  private readonly edgesFromNames = new Map<number, number[]>();
  private readonly resolvedNames = new Map<string, number[]>();
  private pending = new Map<string, { value: string; groupIds: number[] }>();
  private readonly foundByName = new Set<number>();
  private readonly warnings: DirectoryWarning[] = [];

  constructor(
    private readonly catalog: GroupCatalog,
    private readonly roots: readonly CatalogGroup[],
  ) {
    this.isGroup = catalog.groupFlags();
    for (const root of roots) this.reach(root.id);
  }

  /** Walks every group reachable so far; returns the plain names still to resolve (empty: done). */
  expand(): string[] {
    for (let id = this.frontier.pop(); id !== undefined; id = this.frontier.pop()) {
      const group = this.catalog.group(id);
      if (!group) continue;
      for (const memberId of group.memberIds) this.reach(memberId);
      for (const value of group.plainMembers) {
        const key = value.toLowerCase();
        const known = this.resolvedNames.get(key);
        if (known) {
          this.addEdges(id, known);
          continue;
        }
        const waiting = this.pending.get(key);
        if (waiting) waiting.groupIds.push(id);
        else this.pending.set(key, { value, groupIds: [id] });
      }
    }
    return [...this.pending.values()].map((waiting) => waiting.value);
  }

  addResolved(resolutions: readonly PlainResolution[]): void {
    for (const resolution of resolutions) {
      const unattributed = this.ids(resolution.unattributed);
      const batchGroups = new Set<number>();
      for (const value of resolution.values) {
        const key = value.toLowerCase();
        const waiting = this.pending.get(key);
        const ids = this.ids(resolution.byValue.get(key) ?? []);
        this.resolvedNames.set(key, ids.length > 0 ? ids : unattributed);
        for (const groupId of waiting?.groupIds ?? []) {
          batchGroups.add(groupId);
          this.addEdges(groupId, ids);
        }
        if (ids.length === 0 && unattributed.length === 0 && waiting) {
          this.warnings.push(this.danglingName(waiting.value, waiting.groupIds));
        }
      }
      for (const groupId of batchGroups) this.addEdges(groupId, unattributed);
    }
    this.pending = new Map();
  }

  /** Depth-first over the complete graph: the members in scope, and every cycle met. */
  result(): ScopeResult {
    const referrers = new Int32Array(this.catalog.idCount).fill(-1);
    const state = new Uint8Array(this.catalog.idCount);
    const seenCycles = new Set<string>();
    for (const root of this.roots) {
      if (state[root.id] !== 0) continue;
      const stack = [this.frame(root.id)];
      state[root.id] = GREY;
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as Frame;
        const target =
          top.next < top.dnEdges.length
            ? top.dnEdges[top.next]
            : top.nameEdges[top.next - top.dnEdges.length];
        top.next += 1;
        if (target === undefined) {
          state[top.id] = BLACK;
          stack.pop();
        } else if (this.isGroup[target] !== 1) {
          if (referrers[target] === -1) referrers[target] = top.id;
        } else if (state[target] === 0) {
          state[target] = GREY;
          stack.push(this.frame(target));
        } else if (state[target] === GREY) {
          const cycle = stack
            .slice(stack.findIndex((frame) => frame.id === target))
            .map((frame) => frame.id);
          const key = [...cycle].sort((a, b) => a - b).join(',');
          if (!seenCycles.has(key)) {
            seenCycles.add(key);
            this.warnings.push(this.cycleWarning(cycle));
          }
        }
      }
    }
    return { referrers, foundByName: this.foundByName, warnings: this.warnings };
  }

  private frame(groupId: number): Frame {
    return {
      id: groupId,
      dnEdges: this.catalog.group(groupId)?.memberIds ?? NO_MEMBERS,
      nameEdges: this.edgesFromNames.get(groupId) ?? [],
      next: 0,
    };
  }

  private reach(id: number) {
    if (this.isGroup[id] !== 1 || this.reached.has(id)) return;
    this.reached.add(id);
    this.frontier.push(id);
  }

  private addEdges(groupId: number, memberIds: readonly number[]) {
    if (memberIds.length === 0) return;
    const edges = this.edgesFromNames.get(groupId);
    if (edges) edges.push(...memberIds);
    else this.edgesFromNames.set(groupId, [...memberIds]);
    for (const memberId of memberIds) this.reach(memberId);
  }

  private ids(dns: readonly string[]): number[] {
    const ids: number[] = [];
    for (const dn of dns) {
      const id = this.catalog.idOf(dn);
      if (id === null) continue;
      ids.push(id);
      if (this.isGroup[id] !== 1) this.foundByName.add(id);
    }
    return ids;
  }

  private name(groupId: number): string {
    const group = this.catalog.group(groupId);
    return group?.names[0] ?? group?.dn ?? this.catalog.shownDn(groupId);
  }

  private cycleWarning(cycle: number[]): DirectoryWarning {
    const names = [...cycle, cycle[0] as number].map((id) => `"${this.name(id)}"`).join(' → ');
    return {
      code: 'group-cycle',
      message: `nested groups form a cycle: ${names}; each group is read once`,
      dn: this.catalog.group(cycle[0] as number)?.dn ?? '',
    };
  }

  private danglingName(value: string, groupIds: number[]): DirectoryWarning {
    const groups = groupIds.map((id) => `"${this.name(id)}"`).join(', ');
    return {
      code: 'dangling-member',
      message: `member "${value}" of ${groups} matches nothing with the member search filter`,
      dn: this.catalog.group(groupIds[0] as number)?.dn ?? '',
    };
  }
}
