import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { createGroup, inviteUser } from './fixtures';

describe('control API: an identity provider takes an identity over', () => {
  let sandbox: SandboxHandle;
  const okta = { source_integration_id: 'int-okta', source_integration_name: 'Okta' };

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN a user invited in Apono WHEN the IdP takes it over THEN it reads as IdP-owned and writes answer 403', async () => {
    const user = await inviteUser(sandbox, 'taken@example.com');
    const claimed = await sandbox.control.request('POST', `/_sandbox/users/${user.id}/idp`, okta);
    expect(claimed.status).toBe(200);
    expect(claimed.body).toMatchObject(okta);
    const patch = await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, {
      first_name: 'X',
    });
    expect(patch.status).toBe(403);
  });

  test('GIVEN a group created in Apono WHEN the IdP takes it over THEN renames answer 403', async () => {
    const group = await createGroup(sandbox, 'taken-group');
    const claimed = await sandbox.control.request('POST', `/_sandbox/groups/${group.id}/idp`, okta);
    expect(claimed.body).toMatchObject({ ...okta, source_id: group.id });
    const rename = await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/name`, {
      name: 'other',
    });
    expect(rename.status).toBe(403);
  });

  test.each([
    ['no body', undefined],
    ['an empty id', { source_integration_id: '' }],
  ])('GIVEN %s WHEN claiming THEN 400', async (_case, body) => {
    const user = await inviteUser(sandbox, `bad-claim-${Math.random().toString(36).slice(2)}@example.com`);
    expect((await sandbox.control.request('POST', `/_sandbox/users/${user.id}/idp`, body)).status).toBe(400);
  });

  test('GIVEN an unknown id WHEN claiming THEN 404', async () => {
    expect((await sandbox.control.request('POST', '/_sandbox/groups/g_missing/idp', okta)).status).toBe(404);
  });
});

describe('control API: user attributes', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN a user WHEN attributes are set THEN the API reads them back in the list and by id', async () => {
    const user = await inviteUser(sandbox, 'attrs@example.com');
    const attributes = { department: 'R&D', cost_center: '42' };
    const set = await sandbox.control.request('POST', `/_sandbox/users/${user.id}/attributes`, {
      attributes,
    });
    expect(set.status).toBe(200);
    const byId = await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
    expect(byId.body).toMatchObject({ attributes });
    const listed = await sandbox.control.request('GET', '/api/admin/v3/users?limit=1000');
    const items = (listed.body as { items: Array<{ id: string; attributes: unknown }> }).items;
    expect(items.find((item) => item.id === user.id)?.attributes).toEqual(attributes);
  });

  test('GIVEN a user with attributes WHEN they are set to null THEN the API answers null', async () => {
    const user = await inviteUser(sandbox, 'attrs-cleared@example.com');
    await sandbox.control.request('POST', `/_sandbox/users/${user.id}/attributes`, {
      attributes: { a: 'b' },
    });
    await sandbox.control.request('POST', `/_sandbox/users/${user.id}/attributes`, { attributes: null });
    const byId = await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
    expect(byId.body).toMatchObject({ attributes: null });
  });

  test.each([
    ['no body', undefined],
    ['no attributes field', {}],
    ['a number value', { attributes: { level: 3 } }],
    ['a list instead of a map', { attributes: ['a'] }],
    ['an unknown field', { attributes: {}, other: 1 }],
  ])('GIVEN %s WHEN setting attributes THEN 400', async (_case, body) => {
    const user = await inviteUser(sandbox, `bad-attrs-${Math.random().toString(36).slice(2)}@example.com`);
    expect(
      (await sandbox.control.request('POST', `/_sandbox/users/${user.id}/attributes`, body)).status,
    ).toBe(400);
  });

  test('GIVEN an unknown id WHEN setting attributes THEN 404', async () => {
    const response = await sandbox.control.request('POST', '/_sandbox/users/u_missing/attributes', {
      attributes: {},
    });
    expect(response.status).toBe(404);
  });
});

describe('control API: the IdP id of a group', () => {
  let sandbox: SandboxHandle;

  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  test('GIVEN a claim with source_id WHEN an IdP takes a group over THEN the group keeps that source_id', async () => {
    const group = await createGroup(sandbox, 'claimed-with-source-id');
    const claimed = await sandbox.control.request('POST', `/_sandbox/groups/${group.id}/idp`, {
      source_integration_id: 'int-okta',
      source_id: '00g-okta-1',
    });
    expect(claimed.body).toMatchObject({ source_id: '00g-okta-1', source_integration_name: 'int-okta' });
  });

  test('GIVEN a claim with an empty source_id WHEN an IdP takes a group over THEN 400 and the group stays in Apono', async () => {
    const group = await createGroup(sandbox, 'claimed-with-empty-source-id');
    const claimed = await sandbox.control.request('POST', `/_sandbox/groups/${group.id}/idp`, {
      source_integration_id: 'int-okta',
      source_id: '',
    });
    expect(claimed.status).toBe(400);
    const read = await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}`);
    expect(read.body).toMatchObject({ source_integration_id: null });
  });
});
