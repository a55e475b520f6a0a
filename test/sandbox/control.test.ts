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
