/** Small builders shared by the sandbox tests. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxHandle, SandboxResponse } from '../helpers/sandbox';

/** A user as the tests read it back. */
export interface WireUser {
  id: string;
  email: string;
  email_aliases: string[];
  first_name: string;
  last_name: string;
  active: boolean;
  roles: string[];
  source_integration_id: string | null;
  source_integration_name: string | null;
  attributes: Record<string, unknown> | null;
  status: string;
  phone_number: string | null;
  invited_at: string | null;
}

export interface WireGroup {
  id: string;
  name: string;
  source_id: string | null;
  source_integration_id: string | null;
  source_integration_name: string | null;
}

export interface WirePage<T> {
  items: T[];
  pagination: { next_page_token: string | null };
}

/** A valid invitation body for `email`, with optional overrides. */
export function invitation(email: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { email, first_name: 'Ada', last_name: 'Lovelace', roles: ['Grantee'], ...overrides };
}

/** Invites a user and returns it; fails the test unless the sandbox answers 201. */
export async function inviteUser(
  sandbox: SandboxHandle,
  email: string,
  overrides: Record<string, unknown> = {},
): Promise<WireUser> {
  const response = await sandbox.control.request('POST', '/api/admin/v3/users', invitation(email, overrides));
  expectStatus(response, 201);
  return response.body as WireUser;
}

/** Creates a group and returns it; fails the test unless the sandbox answers 200. */
export async function createGroup(
  sandbox: SandboxHandle,
  name: string,
  members: string[] = [],
): Promise<WireGroup> {
  const response = await sandbox.control.request('POST', '/api/admin/v1/groups', {
    name,
    members_emails: members,
  });
  expectStatus(response, 200);
  return response.body as WireGroup;
}

/** Asserts a status with the body in the failure message. */
export function expectStatus(response: SandboxResponse, status: number): void {
  if (response.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
}

/** Writes a seed file into `dir` and returns its path. */
export function writeSeedFile(dir: string, seed: unknown, name = 'seed.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(seed));
  return file;
}

/** `count` seed users named user0000@example.com... */
export function numberedSeedUsers(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, i) => ({
    email: `user${String(i).padStart(5, '0')}@example.com`,
    first_name: `First${i}`,
    last_name: `Last${i}`,
    roles: ['Grantee'],
  }));
}

/** The emails of a members page. */
export function memberEmails(body: unknown): string[] {
  return (body as WirePage<{ email: string }>).items.map((item) => item.email);
}
