import { writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** An IdP-synced user and group, preloaded into the sandbox so tests can check they are refused. */
export const IDP_USER = { email: 'okta.user@example.com', first_name: 'Okta', last_name: 'User' };
export const IDP_GROUP = { name: 'okta-engineering' };

/** A user preloaded into the sandbox as if invited in Apono's UI (the seed file's user fields). */
export interface SeedUser {
  readonly email: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly roles?: readonly string[];
}

/** Writes a seed file with the IdP identities and `users`, and returns its path. */
export function writeIdpSeed(dir: string, users: readonly SeedUser[] = []): string {
  const file = path.join(dir, 'seed.json');
  writeFileSync(
    file,
    JSON.stringify({
      users: [
        {
          ...IDP_USER,
          roles: ['Grantee'],
          source_integration_id: 'int-okta',
          source_integration_name: 'Okta',
        },
        ...users,
      ],
      groups: [
        {
          ...IDP_GROUP,
          members: [IDP_USER.email],
          source_integration_id: 'int-okta',
          source_integration_name: 'Okta',
        },
      ],
    }),
  );
  return file;
}

/** Sum of the request counts of the stats whose key starts with one of the given methods. */
export function countWrites(stats: Record<string, number>): number {
  return Object.entries(stats)
    .filter(([route]) => /^(POST|PUT|PATCH|DELETE) \/api\//.test(route))
    .reduce((sum, [, count]) => sum + count, 0);
}

/** Sends an authenticated request to the sandbox and returns the parsed body (throws on non-2xx). */
export async function sandboxApi(
  sandbox: {
    control: {
      request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
    };
  },
  method: string,
  requestPath: string,
): Promise<unknown> {
  const response = await sandbox.control.request(method, requestPath);
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${method} ${requestPath} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body;
}
