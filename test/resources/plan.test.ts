/**
 * Plans of the Apono resources, through the handlers the framework builds: the attribute
 * declarations (semantic equality, defaults, requires-replace) and what each resource adds.
 * The client refuses every call but the listings, so a plan provably writes nothing.
 */
import { ForbiddenError } from '../../provider/client/errors';
import type { Group, User } from '../../provider/client/types';
import { RunMemory } from '../../provider/framework/run';
import { TfObject, UNKNOWN } from '../../provider/framework/types';
import { groupResource } from '../../provider/resources/group';
import { onlyTakesOverAHeldRole, userResource, type UserModel } from '../../provider/resources/user';
import { AponoContext } from '../../provider/tenant/context';
import { apiGroup, apiUser } from '../helpers/api-objects';
import { contextOf, sessionOf } from '../helpers/sessions';

/** A context whose only API call is the probe of the user-write extension (a tenant with it). */
function probeOnly(): AponoContext {
  return contextOf({ users: { writeExtension: async () => ({ version: 1 }) } });
}

/**
 * A context whose only API calls are the listings of `users`, `groups` and their `members`, and
 * the probe of the user-write extension, which finds `extension` (null: a tenant without it).
 */
function listingsOnly(
  users: User[] = [],
  groups: Group[] = [],
  members: Record<string, string[]> = {},
  extension: { version: number } | null = { version: 1 },
): AponoContext {
  const refuse = () => {
    throw new Error('no write expected while planning');
  };
  return contextOf({
    users: {
      listAll: async () => users,
      firstPage: async () => ({ users, complete: true }),
      writeExtension: async () => extension,
      get: refuse,
      invite: refuse,
    },
    groups: {
      listAll: async () => groups,
      listMembers: async (id: string) => members[id] ?? [],
      get: refuse,
      create: refuse,
    },
  });
}

const PRIOR_USER: TfObject = {
  id: 'u_1',
  email: 'Ada@Example.com',
  full_name: 'Ada Lovelace',
  role: 'admin',
  phone_number: '+1 415 555 0100',
  keep_on_destroy: null,
  status: 'invited',
  source: 'apono',
  invited_at: '2026-11-29T00:00:00Z',
  roles: ['Admin'],
};
const USER_CONFIG: TfObject = {
  ...Object.fromEntries(Object.keys(PRIOR_USER).map((name) => [name, null])),
  email: 'Ada@Example.com',
  full_name: 'Ada Lovelace',
  role: 'admin',
  phone_number: '+1 415 555 0100',
};

function planUser(
  prior: TfObject | null,
  config: TfObject,
  ctx = listingsOnly(),
  run?: RunMemory,
  priorPrivate?: Record<string, unknown>,
) {
  return userResource.plan(
    { prior, proposed: config, config, priorPrivate: priorPrivate ?? null },
    sessionOf(ctx, run === undefined ? {} : { run }),
  );
}

describe('apono_user plans', () => {
  it('GIVEN every attribute unknown WHEN validated THEN nothing is rejected', () => {
    const config: TfObject = Object.fromEntries(Object.keys(USER_CONFIG).map((name) => [name, UNKNOWN]));
    expect(userResource.validate(config)).toEqual([]);
  });

  it('GIVEN an unknown email on create WHEN planned THEN computed attributes are unknown, source is known, and no lookup is made', async () => {
    const ctx = contextOf({ users: { writeExtension: async () => ({ version: 1 }) } });
    const result = await planUser(null, { ...USER_CONFIG, email: UNKNOWN }, ctx);
    expect(result.diagnostics).toEqual([]);
    expect(result.planned).toMatchObject({
      id: UNKNOWN,
      status: UNKNOWN,
      invited_at: UNKNOWN,
      source: 'apono',
    });
  });

  it('GIVEN no role WHEN a create is planned THEN the default Grantee is planned', async () => {
    expect((await planUser(null, { ...USER_CONFIG, role: null })).planned?.role).toBe('Grantee');
  });

  it('GIVEN no role WHEN an update is planned THEN the role in the state stays (it is not managed)', async () => {
    const result = await planUser({ ...PRIOR_USER, role: 'Admin' }, { ...USER_CONFIG, role: null });
    expect(result.planned?.role).toBe('Admin');
    expect(result.planned).toEqual({ ...PRIOR_USER, role: 'Admin' });
  });

  it.each(['admin', 'POWER USER', 'space manager'])(
    'GIVEN the built-in role %j on create WHEN planned THEN it is accepted without reading the tenant',
    async (role) => {
      const result = await planUser(null, { ...USER_CONFIG, email: UNKNOWN, role }, probeOnly());
      expect(result.diagnostics).toEqual([]);
      expect(result.planned?.role).toBe(role);
    },
  );

  it('GIVEN a role some user of the tenant holds WHEN planned in another case THEN it is accepted', async () => {
    const ctx = listingsOnly([apiUser({ id: 'u_7', email: 'sam@example.com', roles: ['Security Auditor'] })]);
    const result = await planUser(null, { ...USER_CONFIG, role: 'security auditor' }, ctx);
    expect(result.diagnostics).toEqual([]);
    expect(result.planned?.role).toBe('security auditor');
  });

  it.each<[string, TfObject | null]>([
    ['a create', null],
    ['an update', PRIOR_USER],
  ])(
    'GIVEN a role no user of the tenant holds WHEN %s is planned THEN it fails on role',
    async (_case, prior) => {
      const ctx = listingsOnly([
        apiUser({ id: 'u_7', email: 'sam@example.com', roles: ['Release Captain'] }),
      ]);
      const result = await planUser(prior, { ...USER_CONFIG, role: 'Overlord' }, ctx);
      expect(result.planned).toBeNull();
      expect(result.diagnostics).toHaveLength(1);
      expect(result.diagnostics?.[0]).toMatchObject({
        severity: 'error',
        summary: 'Unknown Apono role',
        path: ['role'],
      });
      expect(result.diagnostics?.[0]?.detail).toContain('Admin, Grantee, Power User');
      expect(result.diagnostics?.[0]?.detail).toContain('(Release Captain)');
    },
  );

  it('GIVEN a role that is not built in and unchanged WHEN an update is planned THEN the tenant is not read', async () => {
    const prior = { ...PRIOR_USER, role: 'Security Auditor', roles: ['Security Auditor'] };
    const config = { ...USER_CONFIG, role: 'SECURITY AUDITOR', full_name: 'Ada King' };
    const result = await planUser(prior, config, probeOnly());
    expect(result.diagnostics).toEqual([]);
    expect(result.planned).toMatchObject({ role: 'Security Auditor', roles: ['Security Auditor'] });
  });

  it.each<[string, TfObject, TfObject['roles']]>([
    ['the role changes', { role: 'Viewer' }, UNKNOWN],
    ['only the name changes', { full_name: 'Ada King' }, ['Admin']],
  ])('GIVEN %s WHEN an update is planned THEN roles is %j', async (_case, change, roles) => {
    const result = await planUser(PRIOR_USER, { ...USER_CONFIG, ...change });
    expect(result.diagnostics).toEqual([]);
    expect(result.planned?.roles).toEqual(roles);
  });

  it('GIVEN config that differs only by email case, role case, phone format and spaces WHEN planned THEN the prior values are kept', async () => {
    const config = {
      ...USER_CONFIG,
      email: 'ADA@example.COM',
      role: 'ADMIN',
      phone_number: '+14155550100',
      full_name: 'Ada  Lovelace',
    };
    const result = await planUser(PRIOR_USER, config);
    expect(result.planned).toEqual(PRIOR_USER);
    expect(result.requiresReplace).toBeUndefined();
  });

  it('GIVEN another email WHEN planned THEN the user is replaced and the plan records what it replaces', async () => {
    const result = await planUser(
      PRIOR_USER,
      { ...USER_CONFIG, email: 'ada.lovelace@example.com' },
      listingsOnly([apiUser()]),
    );
    expect(result.requiresReplace).toEqual([['email']]);
    expect(result.planned).toMatchObject({ id: UNKNOWN, status: UNKNOWN, source: 'apono' });
    expect(result.plannedPrivate).toEqual({
      replacement: { of: 'u_1', successorKey: 'ada.lovelace@example.com' },
    });
  });

  it('GIVEN an IdP-owned user in state WHEN a change is planned THEN it is refused', async () => {
    const prior = { ...PRIOR_USER, source: 'Okta' };
    const result = await planUser(prior, { ...USER_CONFIG, full_name: 'Ada King' });
    expect(result.diagnostics?.[0]?.summary).toBe('Cannot update a user owned by an identity provider');
  });

  it('GIVEN an IdP-owned user with keep_on_destroy WHEN destroy is planned THEN it is allowed', async () => {
    const prior = { ...PRIOR_USER, source: 'Okta', keep_on_destroy: true };
    const result = await userResource.plan(
      { prior, proposed: null, config: null },
      sessionOf(listingsOnly()),
    );
    expect(result.planned).toBeNull();
    expect(result.diagnostics ?? []).toEqual([]);
  });

  it('GIVEN a state that still says apono WHEN Apono shows an IdP took the user over THEN her destroy is refused', async () => {
    const ctx = listingsOnly([
      apiUser({ source_integration_id: 'int-okta', source_integration_name: 'Okta' }),
    ]);
    const result = await userResource.plan(
      { prior: PRIOR_USER, proposed: null, config: null },
      sessionOf(ctx),
    );
    expect(result.diagnostics?.[0]?.summary).toBe('Cannot delete a user owned by an identity provider');
    expect(result.diagnostics?.[0]?.detail).toContain('terraform state rm');
  });

  it('GIVEN an email that exists in another case WHEN a create is planned THEN the error shows the import block and adopt_existing', async () => {
    const result = await planUser(null, USER_CONFIG, listingsOnly([apiUser({ id: 'u_9' })]));
    expect(result.planned).toBeNull();
    expect(result.diagnostics?.[0]?.path).toEqual(['email']);
    expect(result.diagnostics?.[0]?.detail).toContain('terraform import apono_user.<name> Ada@Example.com');
    expect(result.diagnostics?.[0]?.detail).toContain('adopt_existing = true');
  });

  it('GIVEN the create half of a replacement WHEN the replaced user still exists THEN the create is planned', async () => {
    const result = await planUser(null, USER_CONFIG, listingsOnly([apiUser()]), undefined, {
      replacement: { of: 'u_1', successorKey: 'ada@example.com' },
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.planned?.id).toBe(UNKNOWN);
  });

  it('GIVEN a tainted user (planned like a create) WHEN her object is in the state THEN it is a replacement, not a conflict', async () => {
    const run = new RunMemory();
    run.noteInState('apono_user', 'u_1');
    const result = await planUser(null, USER_CONFIG, listingsOnly([apiUser()]), run);
    expect(result.diagnostics?.filter((d) => d.severity === 'error')).toEqual([]);
    expect(result.plannedPrivate).toEqual({ replacement: { of: 'u_1', successorKey: 'ada@example.com' } });
  });

  it('GIVEN a replaced user in groups WHEN the replacement is planned THEN a warning names the groups she is restored to', async () => {
    const ctx = listingsOnly([apiUser()], [apiGroup({ id: 'g_1', name: 'eng' })], {
      g_1: ['ada@example.com'],
    });
    const result = await planUser(PRIOR_USER, { ...USER_CONFIG, email: 'ada.lovelace@example.com' }, ctx);
    expect(result.diagnostics?.[0]).toMatchObject({
      severity: 'warning',
      summary: 'Replacing a user deletes and re-invites them',
    });
    expect(result.diagnostics?.[0]?.detail).toContain('"eng"');
  });

  it("GIVEN config that names one of the user's aliases WHEN planned THEN nothing is replaced", async () => {
    const ctx = listingsOnly([apiUser({ email_aliases: ['Ada.King@example.com'] })]);
    const result = await planUser(PRIOR_USER, { ...USER_CONFIG, email: 'ada.king@example.com' }, ctx);
    expect(result.requiresReplace).toBeUndefined();
    expect(result.planned?.email).toBe(PRIOR_USER.email);
  });

  it('GIVEN adopt_existing and a matching user WHEN a create is planned THEN it is adopted with a warning', async () => {
    const existing = apiUser({ id: 'u_9', roles: ['Admin'], phone_number: '+14155550100' });
    const result = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG },
      sessionOf(listingsOnly([existing]), { adoptExisting: true }),
    );
    expect(result.diagnostics?.[0]).toMatchObject({
      severity: 'warning',
      summary: 'An existing Apono user will be adopted',
    });
    expect(result.plannedPrivate).toEqual({ adopts: 'u_9' });
    // Planned like a create: the adoption is decided again when Terraform plans at apply.
    expect(result.planned?.id).toBe(UNKNOWN);
  });

  it('GIVEN adopt_existing and a user that differs WHEN a create is planned THEN it is refused and the difference named', async () => {
    const existing = apiUser({ id: 'u_9', first_name: 'Someone', last_name: 'Else', roles: ['Admin'] });
    const result = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG },
      sessionOf(listingsOnly([existing]), { adoptExisting: true }),
    );
    expect(result.planned).toBeNull();
    expect(result.diagnostics?.[0]?.detail).toContain(
      'full_name (Apono: "Someone Else", configuration: "Ada Lovelace")',
    );
  });

  it('GIVEN adopt_existing WHEN two resources would adopt one user (by her email and an alias) THEN the second is refused', async () => {
    const run = new RunMemory();
    const ctx = listingsOnly([
      apiUser({
        id: 'u_9',
        roles: ['Admin'],
        phone_number: '+14155550100',
        email_aliases: ['ada.l@example.com'],
      }),
    ]);
    const session = sessionOf(ctx, { adoptExisting: true, run });
    const first = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG },
      session,
    );
    expect(first.plannedPrivate).toEqual({ adopts: 'u_9' });
    const alias = { ...USER_CONFIG, email: 'ada.l@example.com' };
    const second = await userResource.plan({ prior: null, proposed: alias, config: alias }, session);
    expect(second.planned).toBeNull();
    expect(second.diagnostics?.at(-1)?.summary).toBe(
      'The user "ada.l@example.com" is held by another resource of this configuration',
    );
  });

  it('GIVEN adopt_existing and an Admin WHEN the configuration omits the role THEN she is not adopted (a create would invite a Grantee)', async () => {
    const existing = apiUser({ id: 'u_9', roles: ['Admin'], phone_number: '+14155550100' });
    const config = { ...USER_CONFIG, role: null };
    const result = await userResource.plan(
      { prior: null, proposed: config, config },
      sessionOf(listingsOnly([existing]), { adoptExisting: true }),
    );
    expect(result.planned).toBeNull();
    expect(result.diagnostics?.[0]?.detail).toContain('role (Apono: "Admin", configuration: "Grantee")');
  });

  it('GIVEN adopt_existing WHEN the create half of a replacement finds another user with its email THEN it does not adopt her', async () => {
    const result = await userResource.plan(
      {
        prior: null,
        proposed: USER_CONFIG,
        config: USER_CONFIG,
        priorPrivate: { replacement: { of: 'u_1', successorKey: 'ada@example.com' } },
      },
      sessionOf(listingsOnly([apiUser({ id: 'u_9' }), apiUser({ id: 'u_1', email: 'old@example.com' })]), {
        adoptExisting: true,
      }),
    );
    expect(result.planned).toBeNull();
    expect(result.diagnostics?.[0]?.summary).toBe('A user with this email already exists in Apono');
  });

  it('GIVEN one address destroys a user WHEN another creates her email in the same plan THEN the plan asks for a moved block', async () => {
    const run = new RunMemory();
    run.noteInState('apono_user', 'u_1');
    const session = sessionOf(listingsOnly([apiUser()]), { run });
    const destroyed = await userResource.plan({ prior: PRIOR_USER, proposed: null, config: null }, session);
    expect(destroyed.diagnostics).toEqual([]);
    const created = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG },
      session,
    );
    expect(created.diagnostics?.at(-1)?.summary).toBe(
      'This plan destroys a user that another resource takes over',
    );
    expect(created.diagnostics?.at(-1)?.detail).toContain('moved');
  });

  it('GIVEN two creates of one email in one run WHEN planned THEN the second says it is declared twice', async () => {
    const run = new RunMemory();
    expect((await planUser(null, USER_CONFIG, listingsOnly(), run)).diagnostics).toEqual([]);
    const second = await planUser(null, { ...USER_CONFIG, email: 'ada@EXAMPLE.com' }, listingsOnly(), run);
    expect(second.diagnostics?.[0]?.summary).toBe(
      'The user "ada@EXAMPLE.com" is declared twice in this configuration',
    );
  });
});

describe('apono_user plans on a tenant without the user-write extension', () => {
  const noExtension = () => listingsOnly([apiUser()], [], {}, null);
  const plan = (prior: TfObject | null, config: TfObject | null, ctx = noExtension()) =>
    userResource.plan({ prior, proposed: config, config, priorPrivate: null }, sessionOf(ctx));

  it.each<[string, TfObject | null, TfObject | null, string]>([
    ['a create', null, { ...USER_CONFIG, email: 'grace@example.com' }, 'Cannot invite this user'],
    ['an update', PRIOR_USER, { ...USER_CONFIG, full_name: 'Ada King' }, 'Cannot update this user'],
    ['a replacement', PRIOR_USER, { ...USER_CONFIG, email: 'grace@example.com' }, 'Cannot replace this user'],
    ['a delete', PRIOR_USER, null, 'Cannot delete this user'],
  ])(
    'GIVEN %s WHEN planned THEN one error without a path says the extension is missing',
    async (_name, prior, config, verb) => {
      const result = await plan(prior, config);
      expect(result.planned).toBeNull();
      expect(result.diagnostics).toEqual([
        {
          severity: 'error',
          summary: `${verb}: this Apono tenant lacks the user-write extension`,
          detail: expect.stringContaining(
            'GET /api/admin/v3/user-writes at https://api.apono.test, found none',
          ),
        },
      ]);
    },
  );

  it.each([
    ['terraform import apono_user.<name> <email>'],
    ['keep_on_destroy = true'],
    ['a `removed` block'],
    ['lifecycle { destroy = false }'],
    ['the apono_user data source'],
  ])('GIVEN a create WHEN planned THEN the diagnostic names the way out %s', async (wayOut) => {
    const result = await plan(
      null,
      { ...USER_CONFIG, email: 'ada@example.com' },
      listingsOnly([], [], {}, null),
    );
    expect(result.diagnostics?.[0]?.detail).toContain(wayOut);
  });

  it.each<[string, TfObject, TfObject | null]>([
    ['an unchanged user', PRIOR_USER, USER_CONFIG],
    [
      'keep_on_destroy set after an import (state only)',
      PRIOR_USER,
      { ...USER_CONFIG, keep_on_destroy: true },
    ],
    ['the destroy of a user kept on destroy', { ...PRIOR_USER, keep_on_destroy: true }, null],
  ])('GIVEN %s WHEN planned THEN nothing is refused', async (_name, prior, config) => {
    const result = await plan(prior, config);
    expect(result.diagnostics ?? []).toEqual([]);
  });

  it('GIVEN a create WHEN the probe fails THEN the plan fails with the API error, naming the probe', async () => {
    const ctx = contextOf({
      users: {
        listAll: async () => [],
        writeExtension: async () => {
          throw new ForbiddenError({ method: 'GET', path: '/api/admin/v3/user-writes', status: 403 });
        },
      },
    });
    const result = await plan(null, { ...USER_CONFIG, email: 'ada@example.com' }, ctx);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        summary: 'Apono refused checking for the user-write extension',
      }),
    ]);
  });
});

describe('apono_group plans', () => {
  const PRIOR_GROUP: TfObject = { id: 'g_1', name: 'eng', members: ['ada@example.com'], source: 'apono' };
  const config = (members: unknown[] | null, name: unknown = 'eng'): TfObject =>
    ({ id: null, name, members, source: null }) as TfObject;

  it('GIVEN a create and a rename WHEN planned THEN the user-write extension is not probed', async () => {
    let probes = 0;
    const ctx = contextOf({
      users: { listAll: async () => [], writeExtension: async () => (probes++, null) },
      groups: { listAll: async () => [apiGroup({ id: 'g_1', name: 'eng' })], listMembers: async () => [] },
    });
    const create = await groupResource.plan(
      { prior: null, proposed: config([], 'ops'), config: config([], 'ops') },
      sessionOf(ctx),
    );
    const rename = await groupResource.plan(
      {
        prior: PRIOR_GROUP,
        proposed: config(['ada@example.com'], 'eng2'),
        config: config(['ada@example.com'], 'eng2'),
      },
      sessionOf(ctx),
    );
    expect([create.diagnostics, rename.diagnostics]).toEqual([[], []]);
    expect(probes).toBe(0);
  });

  it('GIVEN members with an unknown element WHEN validated THEN nothing is rejected', () => {
    expect(groupResource.validate(config([UNKNOWN, 'ada@example.com'], UNKNOWN))).toEqual([]);
  });

  it('GIVEN a null member WHEN validated THEN that element is invalid', () => {
    const diagnostics = groupResource.validate(config(['ada@example.com', null]));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        summary: 'Invalid member email',
        path: ['members', 1],
        detail: 'members[1] must not be null.',
      }),
    ]);
  });

  it('GIVEN members that differ only by case WHEN planned THEN the prior spellings are kept', async () => {
    const result = await groupResource.plan(
      { prior: PRIOR_GROUP, proposed: config(['ADA@example.com']), config: config(['ADA@example.com']) },
      sessionOf(listingsOnly()),
    );
    expect(result.planned).toEqual(PRIOR_GROUP);
  });

  it('GIVEN members omitted WHEN a create or an update is planned THEN they are null (not managed), and the update warns that nobody is removed', async () => {
    const create = await groupResource.plan(
      { prior: null, proposed: config(null), config: config(null) },
      sessionOf(listingsOnly()),
    );
    expect(create.planned?.members).toBeNull();
    const prior = { ...PRIOR_GROUP, members: ['ada@example.com', 'bob@example.com'] };
    const update = await groupResource.plan(
      { prior, proposed: config(null), config: config(null) },
      sessionOf(listingsOnly()),
    );
    expect(update.planned).toEqual({ ...prior, members: null });
    expect((update.diagnostics ?? []).map((d) => [d.summary, d.path])).toEqual([
      ['Group members are no longer managed', ['members']],
    ]);
  });

  it('GIVEN an IdP-owned group with the same members WHEN planned THEN nothing is refused', async () => {
    const prior = { ...PRIOR_GROUP, source: 'Okta' };
    const result = await groupResource.plan(
      { prior, proposed: config(['ada@example.com']), config: config(['ada@example.com']) },
      sessionOf(listingsOnly()),
    );
    expect(result.diagnostics).toEqual([]);
  });

  it('GIVEN a member listed by an alias WHEN planned THEN the error names the primary email', async () => {
    const ctx = listingsOnly([apiUser({ email: 'bob@example.com', email_aliases: ['robert@example.com'] })]);
    const result = await groupResource.plan(
      { prior: null, proposed: config(['robert@example.com']), config: config(['robert@example.com']) },
      sessionOf(ctx),
    );
    expect(result.diagnostics?.[0]).toMatchObject({ summary: 'Member email is an alias', path: ['members'] });
    expect(result.diagnostics?.[0]?.detail).toContain('use "bob@example.com"');
  });

  it('GIVEN an IdP-owned group WHEN a member change is planned THEN it is refused', async () => {
    const prior = { ...PRIOR_GROUP, source: 'Okta' };
    const result = await groupResource.plan(
      { prior, proposed: config(['bob@example.com']), config: config(['bob@example.com']) },
      sessionOf(listingsOnly()),
    );
    expect(result.diagnostics?.[0]?.summary).toBe('Cannot update a group owned by an identity provider');
  });

  it.each([
    ['-replace (the create half)', { replacement: { of: 'g_1', successorKey: 'eng' } }, null],
    ['taint (a create of a group in the state)', null, 'g_1'],
  ])(
    'GIVEN an IdP-owned group WHEN %s is planned THEN it is refused',
    async (_how, priorPrivate, inState) => {
      const run = new RunMemory();
      if (inState !== null) run.noteInState('apono_group', inState);
      const ctx = listingsOnly(
        [],
        [
          apiGroup({
            id: 'g_1',
            name: 'eng',
            source_integration_id: 'int-okta',
            source_integration_name: 'Okta',
          }),
        ],
      );
      const result = await groupResource.plan(
        { prior: null, proposed: config(null), config: config(null), priorPrivate },
        sessionOf(ctx, { run }),
      );
      expect(result.planned).toBeNull();
      expect(result.diagnostics?.[0]?.summary).toBe('Cannot replace a group owned by an identity provider');
    },
  );

  it('GIVEN a rename to a name another group has WHEN planned THEN it is refused on name', async () => {
    const ctx = listingsOnly(
      [],
      [apiGroup({ id: 'g_1', name: 'eng' }), apiGroup({ id: 'g_2', name: 'Ops' })],
    );
    const result = await groupResource.plan(
      {
        prior: PRIOR_GROUP,
        proposed: config(['ada@example.com'], 'ops'),
        config: config(['ada@example.com'], 'ops'),
      },
      sessionOf(ctx),
    );
    expect(result.diagnostics?.[0]).toMatchObject({
      summary: 'A group with this name already exists in Apono',
      path: ['name'],
    });
  });
});

describe('onlyTakesOverAHeldRole', () => {
  const prior = { ...(PRIOR_USER as unknown as UserModel), role: 'Viewer', roles: ['Viewer', 'Deployment'] };
  it.each<[string, boolean, { role?: unknown }, string[]]>([
    ['her other role, in another case', true, { role: 'deployment' }, ['role']],
    ['a role she does not hold', false, { role: 'Admin' }, ['role']],
    ['her other role and a new name', false, { role: 'Deployment' }, ['role', 'full_name']],
    ['a new name only', false, { role: 'Viewer' }, ['full_name']],
    ['a role not known yet', false, { role: UNKNOWN }, ['role']],
  ])(
    'GIVEN an update to %s WHEN asked whether it only takes over a held role THEN %s',
    (_case, expected, planned, changed) => {
      expect(onlyTakesOverAHeldRole(prior, planned, changed)).toBe(expected);
    },
  );
});
