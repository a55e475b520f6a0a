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
  private users: Promise<User[]> | null = null;
  private groups: Promise<Group[]> | null = null;
  private readonly members = new Map<string, Promise<string[]>>();

  constructor(private readonly client: AponoClient) {}

  /** Every user, from one shared listing. */
  allUsers(): Promise<User[]> {
    if (this.users === null) {
      const listing = this.client.users.listAll();
      this.users = listing;
      listing.catch(() => {
        if (this.users === listing) this.users = null;
      });
    }
    return this.users;
  }

  /** Every group, from one shared listing. */
  allGroups(): Promise<Group[]> {
    if (this.groups === null) {
      const listing = this.client.groups.listAll();
      this.groups = listing;
      listing.catch(() => {
        if (this.groups === listing) this.groups = null;
      });
    }
    return this.groups;
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
    let listing = this.members.get(groupId);
    if (listing === undefined) {
      const fresh = this.client.groups.listMembers(groupId);
      listing = fresh;
      this.members.set(groupId, fresh);
      fresh.catch(() => {
        if (this.members.get(groupId) === fresh) this.members.delete(groupId);
      });
    }
    return listing;
  }

  /** Forget the user listing after a user write. */
  invalidateUsers(): void {
    this.users = null;
  }

  /** Forget the group listing and one group's members after a group write. */
  invalidateGroup(groupId?: string): void {
    this.groups = null;
    if (groupId === undefined) this.members.clear();
    else this.members.delete(groupId);
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
