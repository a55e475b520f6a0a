/**
 * For bench/scale.ts `--seed` (not a bench itself): the tenant and the two Terraform states of the
 * scale shape written directly, without `terraform apply` (whose own cost grows faster than N, so a
 * 10,000-user apply does not fit in a bench run on a shared 2-CPU machine). The users and groups are
 * created through the sandbox's API (faults off); each state instance is what the provider's own
 * model functions make of the API's answer, so the first refresh finds nothing to change.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Group, User } from '../provider/client/types';
import { splitFullName } from '../provider/domain/names';
import { groupModel } from '../provider/resources/group';
import { userModel } from '../provider/resources/user';
import { PROVIDER_SOURCE, TOKEN, type Sandbox } from './terraform-bench';

/** One user of the shape: instance key, email and full name, as the configuration writes them. */
export interface ShapeUser {
  /** The instance key: a count index or a for_each key. */
  readonly key: number | string;
  readonly email: string;
  readonly fullName: string;
}

/** One group of the shape: its address (count index, or none) and literal members. */
export interface ShapeGroup {
  readonly resource: 'g' | 'everyone';
  readonly index: number | null;
  readonly name: string;
  readonly members: readonly string[];
}

async function api(sandbox: Sandbox, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${sandbox.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

/** Runs `task` over `items`, `concurrency` at a time, keeping the order of the results. */
async function pooled<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

interface StateInstance {
  index_key?: number | string;
  schema_version: 0;
  attributes: Record<string, unknown>;
  sensitive_attributes: [];
}

function stateFile(
  provider: string,
  resources: ReadonlyArray<{ type: string; name: string; instances: StateInstance[] }>,
): string {
  return JSON.stringify({
    version: 4,
    terraform_version: '1.11.4',
    serial: 1,
    lineage: randomUUID(),
    outputs: {},
    resources: resources.map((resource) => ({ mode: 'managed', ...resource, provider })),
    check_results: null,
  });
}

const instance = (index: number | string | null, attributes: Record<string, unknown>): StateInstance => ({
  ...(index === null ? {} : { index_key: index }),
  schema_version: 0,
  attributes,
  sensitive_attributes: [],
});

/** terraform_data's `input`/`output`: a dynamic value with its type, as Terraform stores it. */
function dynamicObject(value: Record<string, string | readonly string[]>): unknown {
  const types = Object.fromEntries(
    Object.entries(value).map(([name, field]) =>
      typeof field === 'string' ? [name, 'string'] : [name, ['tuple', field.map(() => 'string')]],
    ),
  );
  return { value, type: ['object', types] };
}

/**
 * Creates the users and groups in the sandbox and writes `terraform.tfstate` into the provider's
 * workspace (apono_user.u[i], apono_group.g[i], apono_group.everyone) and into the floor's
 * (terraform_data of the same addresses and inputs).
 */
export async function seedShape(
  sandbox: Sandbox,
  users: readonly ShapeUser[],
  groups: readonly ShapeGroup[],
  dirs: { apono: string; floor: string },
): Promise<void> {
  const created = await pooled(users, 32, async (user) => {
    const { firstName, lastName } = splitFullName(user.fullName);
    return (await api(sandbox, 'POST', '/api/admin/v3/users', {
      email: user.email,
      first_name: firstName,
      last_name: lastName,
      roles: ['Grantee'],
    })) as User;
  });
  const made = await pooled(groups, 8, async (group) => {
    return (await api(sandbox, 'POST', '/api/admin/v1/groups', {
      name: group.name,
      members_emails: [...group.members],
    })) as Group;
  });
  const userInstances = created.map((user, index) =>
    instance(users[index]!.key, { ...userModel(user, users[index]!.email, 'Grantee') }),
  );
  const groupInstances = (resource: ShapeGroup['resource']): StateInstance[] =>
    groups.flatMap((group, index) =>
      group.resource === resource
        ? [instance(group.index, { ...groupModel(made[index]!, group.members) })]
        : [],
    );
  fs.writeFileSync(
    path.join(dirs.apono, 'terraform.tfstate'),
    stateFile(`provider["${PROVIDER_SOURCE}"]`, [
      { type: 'apono_user', name: 'u', instances: userInstances },
      { type: 'apono_group', name: 'g', instances: groupInstances('g') },
      { type: 'apono_group', name: 'everyone', instances: groupInstances('everyone') },
    ]),
  );
  const data = (
    index: number | string | null,
    input: Record<string, string | readonly string[]>,
  ): StateInstance =>
    instance(index, {
      id: randomUUID(),
      input: dynamicObject(input),
      output: dynamicObject(input),
      triggers_replace: null,
    });
  const floorGroups = (resource: ShapeGroup['resource']): StateInstance[] =>
    groups
      .filter((group) => group.resource === resource)
      .map((group) => data(group.index, { name: group.name, members: group.members }));
  fs.writeFileSync(
    path.join(dirs.floor, 'terraform.tfstate'),
    stateFile('provider["terraform.io/builtin/terraform"]', [
      {
        type: 'terraform_data',
        name: 'u',
        instances: users.map((user) => data(user.key, { email: user.email, full_name: user.fullName })),
      },
      { type: 'terraform_data', name: 'g', instances: floorGroups('g') },
      { type: 'terraform_data', name: 'everyone', instances: floorGroups('everyone') },
    ]),
  );
}
