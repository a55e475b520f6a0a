import { startSandboxProcess, type SandboxHandle } from '../helpers/sandbox';
import { schemaErrors } from './api-schemas';
import {
  createGroup,
  expectStatus,
  invitation,
  inviteUser,
  memberEmails,
  type WirePage,
  type WireUser,
} from './fixtures';

describe('users', () => {
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

  describe('invite (POST /api/admin/v3/users)', () => {
    test('GIVEN a valid invitation WHEN posted THEN 201 with an invited, active user that matches the schema', async () => {
      const response = await sandbox.control.request(
        'POST',
        '/api/admin/v3/users',
        invitation('Ada@Example.com', { roles: ['Admin', 'Viewer'], phone_number: '+14155550123' }),
      );
      expect(response.status).toBe(201);
      expect(schemaErrors('user', response.body)).toEqual([]);
      expect(response.body).toMatchObject({
        email: 'Ada@Example.com',
        email_aliases: [],
        active: true,
        status: 'invited',
        roles: ['Admin', 'Viewer'],
        phone_number: '+14155550123',
        source_integration_id: null,
        attributes: null,
      });
      expect((response.body as WireUser).invited_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect((response.body as WireUser).id).toMatch(/^u_[0-9a-f]+$/);
    });

    test('GIVEN roles the tenant defined WHEN invited THEN 201 with the roles as given', async () => {
      const response = await sandbox.control.request(
        'POST',
        '/api/admin/v3/users',
        invitation('auditor@example.com', { roles: ['Security Auditor', 'viewer'] }),
      );
      expect(response.status).toBe(201);
      expect((response.body as WireUser).roles).toEqual(['Security Auditor', 'viewer']);
    });

    test.each([['ada@example.com'], ['ADA@EXAMPLE.COM'], ['Ada@example.COM']])(
      'GIVEN Ada@Example.com exists WHEN %s is invited THEN 409 with the existing id',
      async (email) => {
        const existing = await inviteUser(sandbox, 'Ada@Example.com');
        const response = await sandbox.control.request('POST', '/api/admin/v3/users', invitation(email));
        expect(response.status).toBe(409);
        expect(response.body).toMatchObject({ code: 'Conflict', existing_user_id: existing.id });
      },
    );

    test.each([
      ['an invalid email', { email: 'not-an-email' }, /email/],
      ['a missing email', { email: undefined }, /email/],
      ['an empty first name', { first_name: '  ' }, /first_name/],
      ['a blank last name', { last_name: '  ' }, /last_name/],
      [
        'a role with spaces around it',
        { roles: [' Admin'] },
        /roles\[0\] must not start or end with whitespace/,
      ],
      ['an empty role', { roles: [''] }, /roles\[0\] must not be empty/],
      ['a role listed twice in two cases', { roles: ['Viewer', 'viewer'] }, /listed twice/],
      ['no roles', { roles: [] }, /roles/],
      ['a bad phone number', { phone_number: '555-0123' }, /phone_number/],
      ['an unknown field', { nickname: 'Ada' }, /nickname/],
    ])('GIVEN %s WHEN inviting THEN 400 with a message', async (_case, overrides, message) => {
      const response = await sandbox.control.request(
        'POST',
        '/api/admin/v3/users',
        invitation('x@example.com', overrides),
      );
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(message);
    });

    test('GIVEN a single-word name WHEN inviting with an empty last name THEN 201', async () => {
      const response = await sandbox.control.request(
        'POST',
        '/api/admin/v3/users',
        invitation('cher@example.com', { first_name: 'Cher', last_name: '' }),
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ first_name: 'Cher', last_name: '' });
    });

    test('GIVEN a body that is a JSON array WHEN inviting THEN 400', async () => {
      expect((await sandbox.control.request('POST', '/api/admin/v3/users', [])).status).toBe(400);
    });

    test('GIVEN two invitations WHEN both succeed THEN their ids differ', async () => {
      const first = await inviteUser(sandbox, 'one@example.com');
      const second = await inviteUser(sandbox, 'two@example.com');
      expect(first.id).not.toBe(second.id);
    });
  });

  describe('read', () => {
    test('GIVEN an invited user WHEN got by id THEN the same user comes back', async () => {
      const user = await inviteUser(sandbox, 'read@example.com');
      const response = await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(user);
    });

    test('GIVEN users WHEN listed THEN the page matches the schema and keeps insertion order', async () => {
      await inviteUser(sandbox, 'b@example.com');
      await inviteUser(sandbox, 'a@example.com');
      const response = await sandbox.control.request('GET', '/api/admin/v3/users');
      expect(schemaErrors('users-page', response.body)).toEqual([]);
      expect((response.body as WirePage<WireUser>).items.map((u) => u.email)).toEqual([
        'b@example.com',
        'a@example.com',
      ]);
      expect((response.body as WirePage<WireUser>).pagination.next_page_token).toBeNull();
    });

    test.each([
      ['first_name=ad*', ['ada@example.com']],
      ['first_name=*RAC*', ['grace@example.com']],
      ['last_name=*per', ['grace@example.com']],
      ['last_name=Lovelace', ['ada@example.com']],
      ['role=Admin', ['grace@example.com']],
      ['role=Admin&role=Grantee', ['ada@example.com', 'grace@example.com']],
    ])(
      'GIVEN Ada and Grace WHEN listing with %s THEN only the matching users come back',
      async (query, emails) => {
        await inviteUser(sandbox, 'ada@example.com', {
          first_name: 'Ada',
          last_name: 'Lovelace',
          roles: ['Grantee'],
        });
        await inviteUser(sandbox, 'grace@example.com', {
          first_name: 'Grace',
          last_name: 'Hopper',
          roles: ['Admin'],
        });
        const response = await sandbox.control.request('GET', `/api/admin/v3/users?${query}`);
        expect((response.body as WirePage<WireUser>).items.map((u) => u.email)).toEqual(emails);
      },
    );

    test('GIVEN a user WHEN fetched through the legacy endpoint by email in another case THEN the legacy shape comes back', async () => {
      const user = await inviteUser(sandbox, 'Legacy@Example.com');
      const response = await sandbox.control.request('GET', '/api/v2/users/legacy%40example.COM');
      expect(response.body).toEqual({
        id: user.id,
        email: 'Legacy@Example.com',
        first_name: user.first_name,
        last_name: user.last_name,
        active: true,
      });
    });

    test('GIVEN a user WHEN fetched through the legacy endpoint by id THEN 200', async () => {
      const user = await inviteUser(sandbox, 'legacy-id@example.com');
      expect((await sandbox.control.request('GET', `/api/v2/users/${user.id}`)).status).toBe(200);
    });
  });

  describe('update (PATCH)', () => {
    test('GIVEN a user WHEN names and roles are patched THEN 200 with the change and the rest untouched', async () => {
      const user = await inviteUser(sandbox, 'patch@example.com', { phone_number: '+14155550123' });
      const response = await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, {
        first_name: 'Augusta',
        roles: ['Viewer'],
      });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ...user, first_name: 'Augusta', roles: ['Viewer'] });
    });

    test('GIVEN a user WHEN an empty roles list is patched THEN she holds no role', async () => {
      const user = await inviteUser(sandbox, 'no-roles@example.com');
      const response = await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, {
        roles: [],
      });
      expect(response.status).toBe(200);
      expect((response.body as WireUser).roles).toEqual([]);
      expect(schemaErrors('user', response.body)).toEqual([]);
    });

    test('GIVEN a user with a phone number WHEN phone_number null is patched THEN it is cleared', async () => {
      const user = await inviteUser(sandbox, 'phone@example.com', { phone_number: '+14155550123' });
      const response = await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, {
        phone_number: null,
      });
      expect((response.body as WireUser).phone_number).toBeNull();
    });

    test('GIVEN a patch WHEN the user is read again THEN the change was stored', async () => {
      const user = await inviteUser(sandbox, 'stored@example.com');
      await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, { last_name: 'Byron' });
      const response = await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
      expect((response.body as WireUser).last_name).toBe('Byron');
    });

    test.each([
      ['an email change', { email: 'new@example.com' }],
      ['a role with spaces around it', { roles: ['root '] }],
      ['an empty first name', { first_name: '' }],
      ['a bad phone', { phone_number: '+0' }],
    ])('GIVEN %s WHEN patched THEN 400', async (_case, body) => {
      const user = await inviteUser(sandbox, 'bad-patch@example.com');
      expect((await sandbox.control.request('PATCH', `/api/admin/v3/users/${user.id}`, body)).status).toBe(
        400,
      );
    });
  });

  describe('delete', () => {
    test('GIVEN a user WHEN deleted THEN 204 and a later get is 404', async () => {
      const user = await inviteUser(sandbox, 'gone@example.com');
      expect((await sandbox.control.request('DELETE', `/api/admin/v3/users/${user.id}`)).status).toBe(204);
      expect((await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`)).status).toBe(404);
    });

    test('GIVEN a group member WHEN the user is deleted THEN they leave the group', async () => {
      const user = await inviteUser(sandbox, 'member@example.com');
      await inviteUser(sandbox, 'stays@example.com');
      const group = await createGroup(sandbox, 'team', ['member@example.com', 'stays@example.com']);
      await sandbox.control.request('DELETE', `/api/admin/v3/users/${user.id}`);
      const members = await sandbox.control.request('GET', `/api/admin/v1/groups/${group.id}/members`);
      expect(memberEmails(members.body)).toEqual(['stays@example.com']);
    });

    test('GIVEN a deleted user WHEN the email is invited again THEN 201 with a new id', async () => {
      const user = await inviteUser(sandbox, 'again@example.com');
      await sandbox.control.request('DELETE', `/api/admin/v3/users/${user.id}`);
      const again = await inviteUser(sandbox, 'again@example.com');
      expect(again.id).not.toBe(user.id);
    });
  });

  describe('invitation lifecycle', () => {
    test('GIVEN an invited user WHEN the invitation is re-sent THEN 204', async () => {
      const user = await inviteUser(sandbox, 'resend@example.com');
      expect(
        (await sandbox.control.request('POST', `/api/admin/v3/users/${user.id}/invitation`)).status,
      ).toBe(204);
    });

    test('GIVEN an invited user WHEN they accept THEN status becomes active', async () => {
      const user = await inviteUser(sandbox, 'accept@example.com');
      const accepted = (await sandbox.control.accept(user.id)) as WireUser;
      expect(accepted).toMatchObject({ status: 'active', active: true });
      const read = await sandbox.control.request('GET', `/api/admin/v3/users/${user.id}`);
      expect((read.body as WireUser).status).toBe('active');
    });

    test('GIVEN an accepted user WHEN the invitation is re-sent THEN 409', async () => {
      const user = await inviteUser(sandbox, 'accepted@example.com');
      await sandbox.control.accept(user.id);
      const response = await sandbox.control.request('POST', `/api/admin/v3/users/${user.id}/invitation`);
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'Conflict' });
    });

    test('GIVEN a user WHEN disabled through the control API THEN active is false and status disabled', async () => {
      const user = await inviteUser(sandbox, 'disabled@example.com');
      const response = await sandbox.control.request('POST', `/_sandbox/users/${user.id}/disable`);
      expectStatus(response, 200);
      expect(response.body).toMatchObject({ active: false, status: 'disabled' });
      expect(schemaErrors('user', response.body)).toEqual([]);
    });
  });
});
