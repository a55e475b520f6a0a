import { AponoContext } from '../../provider/context';
import { TfObject, UNKNOWN } from '../../provider/framework/types';
import { groupResource, validateGroupConfig } from '../../provider/resources/group';
import { userResource, userState, validateUserConfig } from '../../provider/resources/user';
import { apiUser } from '../helpers/api-objects';

/** A context whose API must not be called: plan logic here is decided from config and state alone. */
function offlineContext(
  existing: Array<{ id?: string; email: string; email_aliases?: string[] }> = [],
): AponoContext {
  const refuse = () => {
    throw new Error('no API call expected');
  };
  const users = existing.map((user) => ({ id: 'u_1', email_aliases: [], ...user }));
  const matches = (user: (typeof users)[number], email: string) =>
    [user.email, ...user.email_aliases].some((address) => address.toLowerCase() === email.toLowerCase());
  return {
    client: new Proxy({}, { get: refuse }),
    directory: {
      userByEmail: async (email: string) => users.find((user) => matches(user, email)) ?? null,
      userById: async (id: string) => users.find((user) => user.id === id) ?? null,
      groupByName: async () => null,
    },
    log: { trace: refuse, debug: refuse, info: refuse, warn: refuse, error: refuse },
  } as unknown as AponoContext;
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
};
const USER_CONFIG: TfObject = {
  id: null,
  email: 'Ada@Example.com',
  full_name: 'Ada Lovelace',
  role: 'admin',
  phone_number: '+1 415 555 0100',
  keep_on_destroy: null,
  status: null,
  source: null,
  invited_at: null,
};

describe('apono_user validation and plan', () => {
  it('GIVEN every attribute unknown WHEN validated THEN nothing is rejected', () => {
    const config: TfObject = Object.fromEntries(Object.keys(USER_CONFIG).map((name) => [name, UNKNOWN]));
    expect(validateUserConfig(config)).toEqual([]);
  });

  it('GIVEN an unknown email on create WHEN planned THEN computed attributes are unknown and no lookup is made', async () => {
    const config: TfObject = { ...USER_CONFIG, email: UNKNOWN };
    const noLookups = offlineContext();
    noLookups.directory.userByEmail = () => {
      throw new Error('no lookup expected for an unknown email');
    };
    const result = await userResource.plan({ prior: null, proposed: config, config }, noLookups);
    expect(result.diagnostics).toBeUndefined();
    expect(result.planned).toMatchObject({
      id: UNKNOWN,
      status: UNKNOWN,
      invited_at: UNKNOWN,
      source: 'apono',
    });
  });

  it('GIVEN no role WHEN planned on create THEN the default Grantee is planned', async () => {
    const config = { ...USER_CONFIG, role: null };
    const result = await userResource.plan({ prior: null, proposed: config, config }, offlineContext());
    expect(result.planned?.role).toBe('Grantee');
  });

  it('GIVEN config that differs from state only by email case, role case and phone format WHEN planned THEN the prior values are kept', async () => {
    const config = { ...USER_CONFIG, email: 'ADA@example.COM', role: 'ADMIN', phone_number: '+14155550100' };
    const result = await userResource.plan(
      { prior: PRIOR_USER, proposed: { ...PRIOR_USER, ...config, id: 'u_1' }, config },
      offlineContext(),
    );
    expect(result.planned).toEqual(PRIOR_USER);
    expect(result.requiresReplace).toBeUndefined();
  });

  it('GIVEN another email WHEN planned THEN the user is replaced', async () => {
    const config = { ...USER_CONFIG, email: 'ada.lovelace@example.com' };
    const result = await userResource.plan(
      { prior: PRIOR_USER, proposed: { ...PRIOR_USER, ...config }, config },
      offlineContext(),
    );
    expect(result.requiresReplace).toEqual([['email']]);
    expect(result.planned?.id).toBe(UNKNOWN);
  });

  it('GIVEN an IdP-owned user in state WHEN a change is planned THEN it is refused', async () => {
    const prior = { ...PRIOR_USER, source: 'Okta' };
    const config = { ...USER_CONFIG, full_name: 'Ada King' };
    const result = await userResource.plan(
      { prior, proposed: { ...prior, ...config }, config },
      offlineContext(),
    );
    expect(result.diagnostics?.[0].summary).toBe('Cannot update a user owned by an identity provider');
  });

  it('GIVEN an IdP-owned user with keep_on_destroy WHEN destroy is planned THEN it is allowed', async () => {
    const prior = { ...PRIOR_USER, source: 'Okta', keep_on_destroy: true };
    const result = await userResource.plan({ prior, proposed: null, config: null }, offlineContext());
    expect(result).toEqual({ planned: null });
  });

  it('GIVEN an email that exists in another case WHEN create is planned THEN the error shows the import command', async () => {
    const result = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG },
      offlineContext([{ email: 'ada@example.com' }]),
    );
    expect(result.diagnostics?.[0].path).toEqual(['email']);
    expect(result.diagnostics?.[0].detail).toContain('terraform import apono_user.<name> Ada@Example.com');
  });

  it('GIVEN the create half of a replacement WHEN the replaced user still exists THEN the create is planned', async () => {
    const result = await userResource.plan(
      { prior: null, proposed: USER_CONFIG, config: USER_CONFIG, priorPrivate: { replaces_id: 'u_1' } },
      offlineContext([{ id: 'u_1', email: 'ada@example.com' }]),
    );
    expect(result.diagnostics).toBeUndefined();
    expect(result.planned?.id).toBe(UNKNOWN);
  });

  it('GIVEN an update plan WHEN planned THEN it remembers the id a replacement would replace', async () => {
    const result = await userResource.plan(
      { prior: PRIOR_USER, proposed: PRIOR_USER, config: USER_CONFIG },
      offlineContext(),
    );
    expect(result.plannedPrivate).toEqual({ replaces_id: 'u_1' });
  });

  it("GIVEN config that names one of the user's aliases WHEN planned THEN nothing is replaced", async () => {
    const config: TfObject = { ...USER_CONFIG, email: 'ada.king@example.com' };
    const result = await userResource.plan(
      { prior: PRIOR_USER, proposed: { ...PRIOR_USER, ...config }, config },
      offlineContext([{ id: 'u_1', email: 'ada@example.com', email_aliases: ['Ada.King@example.com'] }]),
    );
    expect(result.requiresReplace ?? []).toEqual([]);
    expect(result.planned?.email).toBe(PRIOR_USER.email);
  });

  it('GIVEN an API user WHEN turned into state THEN the preferred spellings survive and the names join losslessly', () => {
    const user = apiUser({
      last_name: 'King Lovelace',
      roles: ['Admin'],
      status: 'active',
      phone_number: '+14155550100',
      invited_at: null,
    });
    expect(userState(user, PRIOR_USER)).toMatchObject({
      email: 'Ada@Example.com',
      full_name: 'Ada King Lovelace',
      role: 'admin',
      phone_number: '+1 415 555 0100',
      status: 'active',
    });
  });
});

describe('apono_group validation and plan', () => {
  const PRIOR_GROUP: TfObject = { id: 'g_1', name: 'eng', members: ['ada@example.com'], source: 'apono' };

  it('GIVEN members with an unknown element WHEN validated THEN nothing is rejected', () => {
    expect(
      validateGroupConfig({ id: null, name: UNKNOWN, members: [UNKNOWN, 'ada@example.com'], source: null }),
    ).toEqual([]);
  });

  it('GIVEN members that differ only by case WHEN planned THEN the prior spellings are kept', async () => {
    const config = { id: null, name: 'eng', members: ['ADA@example.com'], source: null };
    const result = await groupResource.plan(
      { prior: PRIOR_GROUP, proposed: { ...PRIOR_GROUP, members: ['ADA@example.com'] }, config },
      offlineContext(),
    );
    expect(result.planned).toEqual(PRIOR_GROUP);
  });

  it('GIVEN an IdP-owned group with the same members WHEN planned THEN nothing is refused', async () => {
    const prior = { ...PRIOR_GROUP, source: 'Okta' };
    const config = { id: null, name: 'eng', members: ['ada@example.com'], source: null };
    const result = await groupResource.plan({ prior, proposed: { ...prior }, config }, offlineContext());
    expect(result.diagnostics).toBeUndefined();
  });

  it('GIVEN a member listed by an alias WHEN planned THEN the error names the primary email', async () => {
    const config = { id: null, name: 'eng', members: ['robert@example.com'], source: null };
    const result = await groupResource.plan(
      { prior: null, proposed: config, config },
      offlineContext([{ email: 'bob@example.com', email_aliases: ['robert@example.com'] }]),
    );
    expect(result.diagnostics?.[0]).toMatchObject({ summary: 'Member email is an alias', path: ['members'] });
    expect(result.diagnostics?.[0].detail).toContain('use "bob@example.com"');
  });

  it('GIVEN an IdP-owned group WHEN a member change is planned THEN it is refused', async () => {
    const prior = { ...PRIOR_GROUP, source: 'Okta' };
    const config = { id: null, name: 'eng', members: ['bob@example.com'], source: null };
    const result = await groupResource.plan(
      { prior, proposed: { ...prior, members: ['bob@example.com'] }, config },
      offlineContext(),
    );
    expect(result.diagnostics?.[0].summary).toBe('Cannot update a group owned by an identity provider');
  });
});
