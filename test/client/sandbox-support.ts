/** Shared set-up of the client tests that run against a real sandbox process. */
import { AponoClient, type AponoClientSettings, type InviteUserInput } from '../../provider/client';
import type { SandboxHandle } from '../helpers/sandbox';

/** Small delays so retries under injected faults keep the suite fast. */
export const FAST_RETRIES: Partial<AponoClientSettings> = {
  retryBaseDelayMs: 5,
  retryMaxDelayMs: 20,
  maxRetryAfterMs: 20,
};

/** A client for `sandbox`; the caller stops it. */
export function sandboxClient(
  sandbox: SandboxHandle,
  settings: Partial<AponoClientSettings> = {},
): AponoClient {
  return new AponoClient({ endpoint: sandbox.url, token: sandbox.token, ...FAST_RETRIES, ...settings });
}

/** The invite for user number `i` of a bulk seed. */
export function seedInvite(i: number, prefix = 'user'): InviteUserInput {
  return {
    email: `${prefix}${i}@example.com`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    role: 'Grantee',
  };
}

/** Invites users `from` (inclusive) to `to` (exclusive) through the client, concurrently. */
export async function seedUsers(
  client: AponoClient,
  from: number,
  to: number,
  prefix = 'user',
): Promise<void> {
  const invites = Array.from({ length: to - from }, (_, i) =>
    client.users.invite(seedInvite(from + i, prefix)),
  );
  await Promise.all(invites);
}

/** The request count of one route template in the sandbox's stats. */
export async function requestCount(sandbox: SandboxHandle, key: string): Promise<number> {
  return (await sandbox.control.stats())[key] ?? 0;
}

/** Expected page requests for `items` items at `pageSize`: the sandbox looks ahead, so a full last page has no token. */
export function pagesFor(items: number, pageSize: number): number {
  return Math.max(1, Math.ceil(items / pageSize));
}
