/**
 * The in-memory store. State changes only through `apply(mutation)`, which is deterministic, so
 * replaying the journal rebuilds exactly the state that was acknowledged. Validation happens before
 * (in the handlers); `apply` trusts its input.
 *
 * Indexes keep every request cheap with 100,000 users: users and groups by id, users by lowercased
 * email and alias, groups by lowercased name, memberships both ways.
 */
import type { Group, Mutation, User } from './model';

interface Entry<T> {
  value: T;
  seq: number;
}

/** An entry found by a positional scan, with the position to resume after. */
export interface Positioned<T> {
  value: T;
  seq: number;
}

/**
 * Values in insertion order with a monotonically increasing sequence number each. Cursors point at a
 * sequence number, so inserts and deletes between pages never make a page skip or repeat an item.
 */
export class OrderedCollection<T extends { id: string }> {
  private readonly byId = new Map<string, Entry<T>>();
  private ids: string[] = [];
  private seqs: number[] = [];
  private nextSeq = 1;
  private removed = 0;

  get size(): number {
    return this.byId.size;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.value;
  }

  /** Inserts at the end, or replaces in place (keeping the position) when the id exists. */
  put(value: T): void {
    const existing = this.byId.get(value.id);
    if (existing) {
      existing.value = value;
      return;
    }
    const seq = this.nextSeq++;
    this.byId.set(value.id, { value, seq });
    this.ids.push(value.id);
    this.seqs.push(seq);
  }

  delete(id: string): boolean {
    if (!this.byId.delete(id)) return false;
    this.removed++;
    // Dead slots are skipped while scanning; squeeze them out once they dominate.
    if (this.removed > 1024 && this.removed > this.ids.length / 2) this.squeeze();
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.ids = [];
    this.seqs = [];
    this.removed = 0;
  }

  /** Live values with a sequence number greater than `after`, in order. */
  *after(after: number): Generator<Positioned<T>> {
    for (let i = this.firstIndexAfter(after); i < this.ids.length; i++) {
      const entry = this.byId.get(this.ids[i]);
      if (entry && entry.seq === this.seqs[i]) yield entry;
    }
  }

  /** All live values, in order. */
  *values(): Generator<T> {
    for (const entry of this.after(0)) yield entry.value;
  }

  /** `limit` live values starting at position `offset` (legacy offset pagination). */
  slice(offset: number, limit: number): T[] {
    if (this.removed > 0) this.squeeze();
    return this.ids.slice(offset, offset + limit).map((id) => (this.byId.get(id) as Entry<T>).value);
  }

  private firstIndexAfter(after: number): number {
    let low = 0;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid] <= after) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private squeeze(): void {
    const ids: string[] = [];
    const seqs: number[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      const entry = this.byId.get(this.ids[i]);
      if (entry && entry.seq === this.seqs[i]) {
        ids.push(this.ids[i]);
        seqs.push(this.seqs[i]);
      }
    }
    this.ids = ids;
    this.seqs = seqs;
    this.removed = 0;
  }
}

/** A page found by a scan: the items and, when more match, where the next page starts. */
export interface ScanResult<T> {
  items: T[];
  nextAfter: number | null;
}

/** Takes `limit` matching values from a positioned scan and looks ahead to see if more match. */
export function takePage<T>(
  scan: Iterable<Positioned<T>>,
  limit: number,
  matches: (value: T) => boolean,
): ScanResult<T> {
  const items: T[] = [];
  let lastSeq = 0;
  for (const { value, seq } of scan) {
    if (!matches(value)) continue;
    if (items.length === limit) return { items, nextAfter: lastSeq };
    items.push(value);
    lastSeq = seq;
  }
  return { items, nextAfter: null };
}

/** Lowercases an email or a group name for the case-insensitive indexes. */
export function foldKey(text: string): string {
  return text.toLowerCase();
}

/** Users, groups and memberships, with their indexes. */
export class Store {
  readonly users = new OrderedCollection<User>();
  readonly groups = new OrderedCollection<Group>();
  private readonly userIdByEmail = new Map<string, string>();
  private readonly groupIdByName = new Map<string, string>();
  private readonly membersByGroup = new Map<string, Set<string>>();
  private readonly groupsByUser = new Map<string, Set<string>>();

  /** Whether the store holds nothing at all (the seed file applies only then). */
  isEmpty(): boolean {
    return this.users.size === 0 && this.groups.size === 0;
  }

  /** The user whose email or alias is `email`, in any case. */
  findUserByEmail(email: string): User | undefined {
    const id = this.userIdByEmail.get(foldKey(email));
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The group named `name`, in any case. */
  findGroupByName(name: string): Group | undefined {
    const id = this.groupIdByName.get(foldKey(name));
    return id === undefined ? undefined : this.groups.get(id);
  }

  /** The user ids of a group's members, in the order they were added. */
  memberIds(groupId: string): string[] {
    return [...(this.membersByGroup.get(groupId) ?? [])];
  }

  isMember(groupId: string, userId: string): boolean {
    return this.membersByGroup.get(groupId)?.has(userId) ?? false;
  }

  /** Whether an id is taken by any user or group (ids are never handed out twice). */
  hasId(id: string): boolean {
    return this.users.get(id) !== undefined || this.groups.get(id) !== undefined;
  }

  /** Applies one mutation. The caller has validated it; this never throws for valid input. */
  apply(mutation: Mutation): void {
    switch (mutation.op) {
      case 'user.put':
        return this.putUser(mutation.user);
      case 'user.delete':
        return this.deleteUser(mutation.id);
      case 'group.put':
        this.putGroup(mutation.group);
        if (mutation.member_ids) this.setMembers(mutation.group.id, mutation.member_ids);
        return;
      case 'group.delete':
        return this.deleteGroup(mutation.id);
      case 'members.add':
        return this.addMember(mutation.group_id, mutation.user_id);
      case 'members.remove':
        return this.removeMember(mutation.group_id, mutation.user_id);
      case 'members.set':
        return this.setMembers(mutation.group_id, mutation.user_ids);
      case 'reset':
        return this.clear();
    }
  }

  /** The mutations that rebuild the current state from nothing, in order (for compaction). */
  *snapshot(): Generator<Mutation> {
    for (const user of this.users.values()) yield { op: 'user.put', user };
    for (const group of this.groups.values()) {
      yield { op: 'group.put', group, member_ids: this.memberIds(group.id) };
    }
  }

  private putUser(user: User): void {
    const previous = this.users.get(user.id);
    if (previous) this.unindexUser(previous);
    this.users.put(user);
    for (const email of [user.email, ...user.email_aliases]) this.userIdByEmail.set(foldKey(email), user.id);
  }

  private unindexUser(user: User): void {
    for (const email of [user.email, ...user.email_aliases]) {
      const key = foldKey(email);
      if (this.userIdByEmail.get(key) === user.id) this.userIdByEmail.delete(key);
    }
  }

  private deleteUser(id: string): void {
    const user = this.users.get(id);
    if (!user) return;
    this.unindexUser(user);
    this.users.delete(id);
    for (const groupId of this.groupsByUser.get(id) ?? []) this.membersByGroup.get(groupId)?.delete(id);
    this.groupsByUser.delete(id);
  }

  private putGroup(group: Group): void {
    const previous = this.groups.get(group.id);
    if (previous && this.groupIdByName.get(foldKey(previous.name)) === group.id) {
      this.groupIdByName.delete(foldKey(previous.name));
    }
    this.groups.put(group);
    this.groupIdByName.set(foldKey(group.name), group.id);
    if (!this.membersByGroup.has(group.id)) this.membersByGroup.set(group.id, new Set());
  }

  private deleteGroup(id: string): void {
    const group = this.groups.get(id);
    if (!group) return;
    this.setMembers(id, []);
    this.membersByGroup.delete(id);
    this.groupIdByName.delete(foldKey(group.name));
    this.groups.delete(id);
  }

  private addMember(groupId: string, userId: string): void {
    const members = this.membersByGroup.get(groupId);
    if (!members || !this.users.get(userId)) return;
    members.add(userId);
    let groups = this.groupsByUser.get(userId);
    if (!groups) {
      groups = new Set();
      this.groupsByUser.set(userId, groups);
    }
    groups.add(groupId);
  }

  private removeMember(groupId: string, userId: string): void {
    this.membersByGroup.get(groupId)?.delete(userId);
    this.groupsByUser.get(userId)?.delete(groupId);
  }

  private setMembers(groupId: string, userIds: string[]): void {
    for (const userId of this.memberIds(groupId)) this.removeMember(groupId, userId);
    for (const userId of userIds) this.addMember(groupId, userId);
  }

  private clear(): void {
    this.users.clear();
    this.groups.clear();
    this.userIdByEmail.clear();
    this.groupIdByName.clear();
    this.membersByGroup.clear();
    this.groupsByUser.clear();
  }
}
