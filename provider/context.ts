import { AponoClient, Group, NotFoundError, User } from './client';
import { emailKey } from './domain/emails';
import { Logger } from './framework/types';

/** What every resource and data source gets once the provider is configured. */
export interface AponoContext {
  readonly client: AponoClient;
  readonly directory: Directory;
  readonly log: Logger;
}

/**
 * Listings shared by all the reads of one provider process. Terraform refreshes each resource with
 * its own ReadResource call (and one process serves a whole plan); reading them from one shared
 * listing makes refresh cost grow with pages, not with resources (okta#2145). Writes invalidate.
 */
export class Directory {
  private readonly listings = new Map<string, Promise<unknown>>();

  constructor(private readonly client: AponoClient) {}

  /** Every user, from one shared listing. */
  allUsers(): Promise<User[]> {
    return this.shared('users', () => this.client.users.listAll());
  }

  /** Every group, from one shared listing. */
  allGroups(): Promise<Group[]> {
    return this.shared('groups', () => this.client.groups.listAll());
  }

  /** A user by id; a user missing from the listing is confirmed with a GET (listings may lag). */
  async userById(id: string): Promise<User | null> {
    const found = (await this.allUsers()).find((user) => user.id === id);
    if (found) return found;
    return orNullWhenNotFound(this.client.users.get(id));
  }

  /** A user whose email or one of whose aliases matches, case-insensitively. */
  async userByEmail(email: string): Promise<User | null> {
    const key = emailKey(email);
    const users = await this.allUsers();
    return (
      users.find((user) => emailKey(user.email) === key) ??
      users.find((user) => (user.email_aliases ?? []).some((alias) => emailKey(alias) === key)) ??
      null
    );
  }

  /** A group by id; confirmed with a GET when missing from the listing. */
  async groupById(id: string): Promise<Group | null> {
    const found = (await this.allGroups()).find((group) => group.id === id);
    if (found) return found;
    return orNullWhenNotFound(this.client.groups.get(id));
  }

  /** A group by name (group names are unique, compared case-insensitively). */
  async groupByName(name: string): Promise<Group | null> {
    const key = name.toLowerCase();
    return (await this.allGroups()).find((group) => group.name.toLowerCase() === key) ?? null;
  }

  /** The member emails of a group, read once per process until a write invalidates them. */
  membersOf(groupId: string): Promise<string[]> {
    return this.shared(`members:${groupId}`, () => this.client.groups.listMembers(groupId));
  }

  /** Forget the user listing after a user write. */
  invalidateUsers(): void {
    this.listings.delete('users');
  }

  /** Forget the group listing and one group's members (all members when no id) after a group write. */
  invalidateGroup(groupId?: string): void {
    this.listings.delete('groups');
    if (groupId !== undefined) this.listings.delete(`members:${groupId}`);
    else
      for (const key of [...this.listings.keys()]) if (key.startsWith('members:')) this.listings.delete(key);
  }

  /**
   * One in-flight or settled listing per key, shared by concurrent callers (Terraform refreshes up
   * to 10 resources at once); a failed listing is forgotten so the next caller retries it.
   */
  private shared<T>(key: string, list: () => Promise<T>): Promise<T> {
    const existing = this.listings.get(key) as Promise<T> | undefined;
    if (existing !== undefined) return existing;
    const listing = list();
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
