/**
 * The response schemas require only what Apono's spec requires, so schema checks alone would let
 * the sandbox drop fields. The sandbox stands for a full tenant: its answers keep every field, the
 * optional and extension ones included.
 */
import { type RunningSandbox, startSandbox } from '../../sandbox';
import { sandboxRequest } from '../helpers/sandbox';

const TOKEN = 'full-answers';

/** Every field a sandbox user carries: UserV3's, the optional ones and the extension's. */
const USER_FIELDS = [
  'active',
  'attributes',
  'email',
  'email_aliases',
  'first_name',
  'id',
  'invited_at',
  'last_name',
  'phone_number',
  'roles',
  'source_integration_id',
  'source_integration_name',
  'status',
];

/** Every field a sandbox group carries. */
const GROUP_FIELDS = ['id', 'name', 'source_id', 'source_integration_id', 'source_integration_name'];

const SEED = {
  users: [
    {
      id: 'u_okta',
      email: 'okta@example.com',
      first_name: 'Okta',
      last_name: 'User',
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
      attributes: { department: 'research' },
    },
  ],
  groups: [
    {
      id: 'g_okta',
      name: 'okta-eng',
      members: ['okta@example.com'],
      source_id: 'okta-group-1',
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
    },
  ],
};

describe('the sandbox answers with every field', () => {
  let sandbox: RunningSandbox;
  const request = (method: string, path: string, body?: unknown) =>
    sandboxRequest(sandbox.url, TOKEN, method, path, body);

  beforeAll(async () => {
    sandbox = await startSandbox({ token: TOKEN, seed: SEED });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  it('GIVEN an IdP user with attributes WHEN read by id THEN every user field is there with its value', async () => {
    const user = (await request('GET', '/api/admin/v3/users/u_okta')).body as Record<string, unknown>;
    expect(Object.keys(user).sort()).toEqual(USER_FIELDS);
    expect(user).toMatchObject({
      attributes: { department: 'research' },
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
      status: 'active',
      phone_number: null,
      invited_at: null,
    });
  });

  it('GIVEN an invited user WHEN listed THEN every user field is there, the unset ones as null', async () => {
    await request('POST', '/api/admin/v3/users', {
      email: 'invited@example.com',
      first_name: 'In',
      last_name: 'Vited',
      roles: ['Grantee'],
      phone_number: '+14155550123',
    });
    const page = (await request('GET', '/api/admin/v3/users')).body as { items: Record<string, unknown>[] };
    const invited = page.items.find((user) => user.email === 'invited@example.com');
    expect(Object.keys(invited ?? {}).sort()).toEqual(USER_FIELDS);
    expect(invited).toMatchObject({
      attributes: null,
      source_integration_id: null,
      source_integration_name: null,
      status: 'invited',
      phone_number: '+14155550123',
    });
    expect(invited?.invited_at).toEqual(expect.any(String));
  });

  it('GIVEN an IdP group WHEN read and listed THEN every group field is there with its value', async () => {
    const group = (await request('GET', '/api/admin/v1/groups/g_okta')).body as Record<string, unknown>;
    const page = (await request('GET', '/api/admin/v1/groups')).body as { items: Record<string, unknown>[] };
    expect(Object.keys(group).sort()).toEqual(GROUP_FIELDS);
    expect(group).toMatchObject({
      source_id: 'okta-group-1',
      source_integration_id: 'int-okta',
      source_integration_name: 'Okta',
    });
    expect(page.items.find((item) => item.id === 'g_okta')).toEqual(group);
  });

  it('GIVEN a group created through the API WHEN answered THEN its source fields are there as null', async () => {
    const created = (await request('POST', '/api/admin/v1/groups', { name: 'local', members_emails: [] }))
      .body as Record<string, unknown>;
    expect(Object.keys(created).sort()).toEqual(GROUP_FIELDS);
    expect(created).toMatchObject({
      source_id: null,
      source_integration_id: null,
      source_integration_name: null,
    });
  });

  it('GIVEN a seed whose attribute is not a string WHEN the sandbox starts THEN it refuses', async () => {
    const seed = { users: [{ ...SEED.users[0], attributes: { level: 3 } }] };
    const outcome = await startSandbox({ token: TOKEN, seed }).catch((error: unknown) => error);
    if (!(outcome instanceof Error)) await (outcome as RunningSandbox).close();
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/attributes must be an object whose values are strings/);
  });
});
