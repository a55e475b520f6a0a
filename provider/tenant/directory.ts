/**
 * The tenant as the provider reads it: shared, indexed listings of users, groups and members, and
 * whether it serves the user-write extension.
 */
import type { AponoClient } from '../client';
import { NotFoundError } from '../client/errors';
import type { Group, User } from '../client/types';
import { emailKey } from '../domain/emails';

/** Users indexed by id and by every email they answer to (aliases included), in listing order. */
export class UserIndex {
  private readonly byId = new Map<string, User>();
  private readonly byEmail = new Map<string, User>();

  constructor(users: readonly User[]) {
    for (const user of users) this.put(user);
  }

  all(): User[] {
    return [...this.byId.values()];
  }

  get(id: string): User | undefined {
    return this.byId.get(id);
  }

  /** The user whose email matches, else one whose alias matches (case-insensitive). */
  withEmail(email: string): User | undefined {
    return this.byEmail.get(emailKey(email));
  }

  put(user: User): void {
    this.remove(user.id);
    this.byId.set(user.id, user);
    for (const alias of user.email_aliases ?? []) {
      if (!this.byEmail.has(emailKey(alias))) this.byEmail.set(emailKey(alias), user);
    }
    this.byEmail.set(emailKey(user.email), user);
  }

  remove(id: string): void {
    const user = this.byId.get(id);
    if (user === undefined) return;
    this.byId.delete(id);
    for (const email of [user.email, ...(user.email_aliases ?? [])]) {
      if (this.byEmail.get(emailKey(email)) === user) this.byEmail.delete(emailKey(email));
    }
  }
}

/** Groups indexed by id and by name (names are unique, compared case-insensitively). */
export class GroupIndex {
  private readonly byId = new Map<string, Group>();
  private readonly byName = new Map<string, Group>();

  constructor(groups: readonly Group[]) {
    for (const group of groups) this.put(group);
  }

  get(id: string): Group | undefined {
    return this.byId.get(id);
  }

  all(): Group[] {
    return [...this.byId.values()];
  }

  named(name: string): Group | undefined {
    return this.byName.get(name.toLowerCase());
  }

  put(group: Group): void {
    this.remove(group.id);
    this.byId.set(group.id, group);
    this.byName.set(group.name.toLowerCase(), group);
  }

  remove(id: string): void {
    const group = this.byId.get(id);
    if (group === undefined) return;
    this.byId.delete(id);
    if (this.byName.get(group.name.toLowerCase()) === group) this.byName.delete(group.name.toLowerCase());
  }
}

/**
 * Listings shared by all the reads of one provider process. Terraform refreshes each resource with
 * its own ReadResource call (and one process serves a whole plan); reading them from one shared,
 * indexed listing makes refresh cost grow with pages, not with resources (okta#2145). A write the
 * provider made is recorded into the listing (write-through) rather than discarding it, so an apply
 * of N new users does not re-read the whole tenant N times; a write whose outcome is unknown
 * discards the listing instead.
 */
export class Directory {
  private readonly listings = new Map<string, Promise<unknown>>();
  private userWrites: Promise<boolean> | undefined;

  constructor(private readonly client: AponoClient) {}

  /**
   * Whether the tenant serves the user-write extension (Apono's public API does not): probed with
   * one read-only request the first time a plan needs it, then remembered for the process, its
   * failure included (the client has retried already; every plan that needs it reports it).
   */
  supportsUserWrites(): Promise<boolean> {
    this.userWrites ??= this.client.users.writeExtension().then((extension) => extension !== null);
    return this.userWrites;
  }

  /**
   * Reads the first page of users: it proves the endpoint and the token (a wrong one fails once,
   * at configure, instead of once per resource), and when it is the whole list it serves every
   * later user lookup of this process.
   */
  async verifyAccess(): Promise<void> {
    const page = await this.client.users.firstPage();
    if (page.complete && !this.listings.has('users')) {
      this.remember('users', Promise.resolve(new UserIndex(page.users)));
    }
  }

  /** Every user, from one shared listing. */
  async allUsers(): Promise<User[]> {
    return (await this.users()).all();
  }

  /** A user by id; a user missing from the listing is confirmed with a GET (listings may lag). */
  async userById(id: string): Promise<User | null> {
    return (await this.users()).get(id) ?? orNullWhenNotFound(this.client.users.get(id));
  }

  /** A user whose email or one of whose aliases matches, case-insensitively. */
  async userByEmail(email: string): Promise<User | null> {
    return (await this.users()).withEmail(email) ?? null;
  }

  /** A group by id; confirmed with a GET when missing from the listing. */
  async groupById(id: string): Promise<Group | null> {
    return (await this.groups()).get(id) ?? orNullWhenNotFound(this.client.groups.get(id));
  }

  /** A group by name (group names are unique, compared case-insensitively). */
  async groupByName(name: string): Promise<Group | null> {
    return (await this.groups()).named(name) ?? null;
  }

  /** Every group, from one shared listing. */
  async allGroups(): Promise<Group[]> {
    return (await this.groups()).all();
  }

  /** The groups that list `email` as a member (their members read once per process). */
  async groupsOf(email: string): Promise<Group[]> {
    const groups = await this.allGroups();
    const listed = await Promise.all(
      groups.map(async (group) => {
        // A group deleted meanwhile lists nobody.
        const members = await this.membersIfExists(group.id);
        return members?.some((member) => emailKey(member) === emailKey(email)) ? group : null;
      }),
    );
    return listed.filter((group): group is Group => group !== null);
  }

  /** The member emails of a group, or null when the group is gone (deleted since it was listed). */
  membersIfExists(groupId: string): Promise<string[] | null> {
    return orNullWhenNotFound(this.membersOf(groupId));
  }

  /** The member emails of a group, read once per process until a write changes them. */
  membersOf(groupId: string): Promise<string[]> {
    return this.shared(`members:${groupId}`, () => this.client.groups.listMembers(groupId));
  }

  /** Records a user as the API returned it after a write. */
  recordUser(user: User): void {
    this.update('users', (index: UserIndex) => index.put(user));
  }

  /** Records that a user is gone. */
  forgetUser(id: string): void {
    this.update('users', (index: UserIndex) => index.remove(id));
  }

  /** Records a group as the API returned it after a write. */
  recordGroup(group: Group): void {
    this.update('groups', (index: GroupIndex) => index.put(group));
  }

  /** Records a group's members as the API read them back after a write. */
  recordMembers(groupId: string, members: readonly string[]): void {
    this.listings.set(`members:${groupId}`, Promise.resolve([...members]));
  }

  /** Records that an email became a member of a group (its listing, when loaded, gains it). */
  recordMember(groupId: string, email: string): void {
    this.update(`members:${groupId}`, (members: string[]) => {
      if (!members.some((member) => emailKey(member) === emailKey(email))) members.push(email);
    });
  }

  /** Discards one group's members: after a member write whose outcome is unknown. */
  invalidateMembers(groupId: string): void {
    this.listings.delete(`members:${groupId}`);
  }

  /** Records that an email is no longer a member of a group. */
  forgetMember(groupId: string, email: string): void {
    this.update(`members:${groupId}`, (members: string[]) => {
      const index = members.findIndex((member) => emailKey(member) === emailKey(email));
      if (index >= 0) members.splice(index, 1);
    });
  }

  /** Records that an email is no longer a member of any group (its user was deleted). */
  forgetMemberEverywhere(email: string): void {
    for (const key of [...this.listings.keys()]) {
      if (key.startsWith('members:')) this.forgetMember(key.slice('members:'.length), email);
    }
  }

  /** Records that a group is gone. */
  forgetGroup(id: string): void {
    this.update('groups', (index: GroupIndex) => index.remove(id));
    this.listings.delete(`members:${id}`);
  }

  /** Discards the user listing: after a write whose outcome is unknown. */
  invalidateUsers(): void {
    this.listings.delete('users');
  }

  /** Discards the group listing and one group's members (all members when no id). */
  invalidateGroup(groupId?: string): void {
    this.listings.delete('groups');
    if (groupId !== undefined) this.listings.delete(`members:${groupId}`);
    else
      for (const key of [...this.listings.keys()]) if (key.startsWith('members:')) this.listings.delete(key);
  }

  private users(): Promise<UserIndex> {
    return this.shared('users', async () => new UserIndex(await this.client.users.listAll()));
  }

  private groups(): Promise<GroupIndex> {
    return this.shared('groups', async () => new GroupIndex(await this.client.groups.listAll()));
  }

  /** Applies a change to a listing once it is loaded; nothing to do when it was never read. */
  private update<T>(key: string, change: (listing: T) => void): void {
    const listing = this.listings.get(key) as Promise<T> | undefined;
    if (listing === undefined) return;
    this.remember(
      key,
      listing.then((loaded) => {
        change(loaded);
        return loaded;
      }),
    );
  }

  /**
   * One in-flight or settled listing per key, shared by concurrent callers (Terraform refreshes up
   * to 10 resources at once); a failed listing is forgotten so the next caller retries it.
   */
  private shared<T>(key: string, list: () => Promise<T>): Promise<T> {
    const existing = this.listings.get(key) as Promise<T> | undefined;
    if (existing !== undefined) return existing;
    return this.remember(key, list());
  }

  /** Caches a listing under a key until it fails. */
  private remember<T>(key: string, listing: Promise<T>): Promise<T> {
    this.listings.set(key, listing);
    listing.catch(() => {
      if (this.listings.get(key) === listing) this.listings.delete(key);
    });
    return listing;
  }
}

async function orNullWhenNotFound<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}
