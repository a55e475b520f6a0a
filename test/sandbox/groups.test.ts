import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import { createGroup, inviteUser, memberEmails, type WireGroup, type WirePage } from './fixtures';

describe('groups', () => {
  let sandbox: SandboxHandle;
  beforeAll(async () => {
    sandbox = await startSandboxProcess();
  });
  beforeEach(async () => {
    await sandbox.control.reset();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const members = async (groupId: string): Promise<string[]> =>
    memberEmails((await sandbox.control.request('GET', `/api/admin/v1/groups/${groupId}/members`)).body);

  test('GIVEN existing users WHEN a group is created with them THEN 200 with a group matching the schema', async () => {
    await inviteUser(sandbox, 'ada@example.com');
    const response = await sandbox.control.request('POST', '/api/admin/v1/groups', {
      name: 'Engineers',
      members_emails: ['ada@example.com'],
    });
    expect(response.status).toBe(200);
    expect(schemaErrors('group', response.body)).toEqual([]);
    expect(response.body).toMatchObject({
      name: 'Engineers',
      source_id: null,
      source_integration_id: null,
      source_integration_name: null,
    });
    expect((response.body as WireGroup).id).toMatch(/^g_[0-9a-f]+$/);
  });

  test('GIVEN a group WHEN got by id THEN the same group comes back', async () => {
    const group = await createGroup(sandbox, 'Readers');
    expect((await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}`)).body).toEqual(group);
  });

  test.each([['engineers'], ['ENGINEERS'], ['Engineers']])(
    'GIVEN a group Engineers WHEN another is created as %s THEN 409 with the existing id',
    async (name) => {
      const group = await createGroup(sandbox, 'Engineers');
      const response = await sandbox.control.request('POST', '/api/admin/v1/groups', {
        name,
        members_emails: [],
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'Conflict', existing_group_id: group.id });
    },
  );

  test('GIVEN two groups WHEN one is renamed to the other name in another case THEN 409', async () => {
    const first = await createGroup(sandbox, 'First');
    const second = await createGroup(sandbox, 'Second');
    const response = await sandbox.control.request('PUT', `/api/admin/v1/groups/${second.id}/name`, {
      name: 'FIRST',
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ existing_group_id: first.id });
  });

  test('GIVEN a group WHEN renamed to a case variant of its own name THEN 200', async () => {
    const group = await createGroup(sandbox, 'team');
    const response = await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/name`, {
      name: 'Team',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ...group, name: 'Team' });
  });

  test.each([
    ['an empty name', { name: ' ', members_emails: [] }, /name/],
    ['a missing name', { members_emails: [] }, /name/],
    ['an unknown member', { name: 'g', members_emails: ['ghost@example.com'] }, /ghost@example.com/],
    ['an invalid member email', { name: 'g', members_emails: ['ghost'] }, /members_emails\[0\]/],
    ['members that are not a list', { name: 'g', members_emails: 'a@b.co' }, /members_emails/],
  ])('GIVEN %s WHEN creating a group THEN 400 with a message', async (_case, body, message) => {
    const response = await sandbox.control.request('POST', '/api/admin/v1/groups', body);
    expect(response.status).toBe(400);
    expect((response.body as { message: string }).message).toMatch(message);
  });

  test('GIVEN an invited (not yet accepted) user WHEN added as a member THEN it counts as existing', async () => {
    await inviteUser(sandbox, 'invited@example.com');
    const group = await createGroup(sandbox, 'g');
    const response = await sandbox.control.request(
      'PUT',
      `/api/admin/v1/groups/${group.id}/members/invited%40example.com`,
    );
    expect(response.status).toBe(204);
  });

  test('GIVEN a member WHEN added again THEN 204 and the list is unchanged', async () => {
    await inviteUser(sandbox, 'ada@example.com');
    const group = await createGroup(sandbox, 'g', ['ada@example.com']);
    const response = await sandbox.control.request(
      'PUT',
      `/api/admin/v1/groups/${group.id}/members/ADA%40example.com`,
    );
    expect(response.status).toBe(204);
    expect(await members(group.id)).toEqual(['ada@example.com']);
  });

  test('GIVEN a user stored as Ada@Example.com WHEN added in lowercase THEN members list the stored spelling', async () => {
    await inviteUser(sandbox, 'Ada@Example.com');
    const group = await createGroup(sandbox, 'g');
    await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/members/ada%40example.com`);
    const response = await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}/members`);
    expect(schemaErrors('members-page', response.body)).toEqual([]);
    expect(memberEmails(response.body)).toEqual(['Ada@Example.com']);
  });

  test('GIVEN an email that is no user WHEN added as a member THEN 400', async () => {
    const group = await createGroup(sandbox, 'g');
    const response = await sandbox.control.request(
      'PUT',
      `/api/admin/v1/groups/${group.id}/members/ghost%40example.com`,
    );
    expect(response.status).toBe(400);
  });

  test('GIVEN a member WHEN removed THEN 204 and they are gone', async () => {
    await inviteUser(sandbox, 'ada@example.com');
    const group = await createGroup(sandbox, 'g', ['ada@example.com']);
    const response = await sandbox.control.request(
      'DELETE',
      `/api/admin/v1/groups/${group.id}/members/ada%40example.com`,
    );
    expect(response.status).toBe(204);
    expect(await members(group.id)).toEqual([]);
  });

  test('GIVEN a non-member WHEN removed THEN 204 no-op', async () => {
    const group = await createGroup(sandbox, 'g');
    const response = await sandbox.control.request(
      'DELETE',
      `/api/admin/v1/groups/${group.id}/members/nobody%40example.com`,
    );
    expect(response.status).toBe(204);
  });

  test('GIVEN members WHEN the list is replaced THEN exactly the new list remains, in its order', async () => {
    for (const email of ['a@example.com', 'b@example.com', 'c@example.com']) await inviteUser(sandbox, email);
    const group = await createGroup(sandbox, 'g', ['a@example.com', 'b@example.com']);
    const response = await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/members`, {
      members_emails: ['c@example.com', 'A@EXAMPLE.COM', 'c@example.com'],
    });
    expect(response.status).toBe(204);
    expect(await members(group.id)).toEqual(['c@example.com', 'a@example.com']);
  });

  test('GIVEN a replacement naming an unknown user WHEN put THEN 400 and the old list stays', async () => {
    await inviteUser(sandbox, 'a@example.com');
    const group = await createGroup(sandbox, 'g', ['a@example.com']);
    const response = await sandbox.control.request('PUT', `/api/admin/v1/groups/${group.id}/members`, {
      members_emails: ['ghost@example.com'],
    });
    expect(response.status).toBe(400);
    expect(await members(group.id)).toEqual(['a@example.com']);
  });

  test('GIVEN a group WHEN deleted THEN 204 and the name is free again', async () => {
    const group = await createGroup(sandbox, 'g');
    expect((await sandbox.control.request('DELETE', `/api/admin/v1/groups/${group.id}`)).status).toBe(204);
    expect((await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}`)).status).toBe(404);
    await createGroup(sandbox, 'G');
  });

  test.each([
    ['*end*', ['Backend', 'Frontend']],
    ['back*', ['Backend']],
    ['*END', ['Backend', 'Frontend']],
    ['ops', ['Ops']],
    ['op', []],
  ])('GIVEN Backend, Frontend and Ops WHEN listing with name=%s THEN %j', async (pattern, names) => {
    for (const name of ['Backend', 'Frontend', 'Ops']) await createGroup(sandbox, name);
    const response = await sandbox.control.request(
      'GET',
      `/api/admin/v1/groups?name=${encodeURIComponent(pattern)}`,
    );
    expect(schemaErrors('groups-page', response.body)).toEqual([]);
    expect((response.body as WirePage<WireGroup>).items.map((g) => g.name)).toEqual(names);
  });
});
