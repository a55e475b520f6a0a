/**
 * Applies of the Apono resources through the handlers the framework builds: nothing lost on
 * failure, nothing written while an input is unresolved, and a replaced user keeps her groups.
 */
import type { AponoClient } from '../../provider/client';
import { ApiError, NotFoundError } from '../../provider/client/errors';
import { TfObject, TfValue, UNKNOWN } from '../../provider/framework/types';
import { userResource } from '../../provider/resources/user';
import { apiGroup, apiUser } from '../helpers/api-objects';
import { contextOf, sessionOf } from '../helpers/sessions';

const PLANNED: TfObject = {
  id: UNKNOWN,
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  role: 'Grantee',
  phone_number: null,
  keep_on_destroy: null,
  status: UNKNOWN,
  source: 'apono',
  invited_at: UNKNOWN,
};

const ADA = apiUser({ invited_at: '2026-11-29T00:00:00Z' });

type ClientStub = Partial<{ [K in keyof AponoClient]: Partial<AponoClient[K]> }>;

function create(client: ClientStub, planned: TfObject = PLANNED) {
  return userResource.apply({ prior: null, planned, config: planned }, sessionOf(contextOf(client)));
}

describe('apono_user apply: nothing lost on failure', () => {
  it('GIVEN an invite whose answer was lost WHEN the user exists after all THEN it is recorded in state with a warning', async () => {
    const result = await create({
      users: {
        invite: async () => {
          throw new ApiError({
            method: 'POST',
            path: '/api/admin/v3/users',
            code: 'timeout',
            priorAttemptUncertain: true,
          });
        },
        findByEmail: async () => ADA,
        get: async () => ADA,
      },
    });
    expect(result.state).toMatchObject({ id: 'u_1', email: 'ada@example.com', status: 'invited' });
    expect(result.diagnostics?.[0]).toMatchObject({ severity: 'warning' });
    expect(result.diagnostics?.[0]?.summary).toContain('the invitation went through');
  });

  it('GIVEN an invite refused outright WHEN applied THEN no lookup is made and the error is reported', async () => {
    const findByEmail = jest.fn(async () => ADA);
    const result = await create({
      users: {
        invite: async () => {
          throw new ApiError({
            method: 'POST',
            path: '/api/admin/v3/users',
            status: 400,
            code: 'bad_request',
            apiMessage: 'bad',
          });
        },
        findByEmail,
      },
    });
    expect(result.state).toBeNull();
    expect(result.diagnostics?.[0]?.severity).toBe('error');
    expect(result.diagnostics?.[0]?.summary).toBe('Apono API error while inviting a user');
    expect(findByEmail).not.toHaveBeenCalled();
  });

  it('GIVEN an invite that succeeded WHEN the read-back fails THEN the state still records the user', async () => {
    const result = await create({
      users: {
        invite: async () => ADA,
        get: async () => {
          throw new NotFoundError({ method: 'GET', path: '/api/admin/v3/users/u_1', status: 404 });
        },
      },
    });
    expect(result.state).toMatchObject({ id: 'u_1', full_name: 'Ada Lovelace' });
    expect(result.diagnostics?.[0]?.severity).toBe('warning');
  });

  it('GIVEN the API returns another case of the email WHEN invited THEN the state keeps the planned spelling', async () => {
    const result = await create(
      { users: { invite: async () => ADA, get: async () => ADA } },
      { ...PLANNED, email: 'ADA@Example.com' },
    );
    expect(result.state?.email).toBe('ADA@Example.com');
  });
});

describe('apono_user apply: nothing written while an input is unresolved', () => {
  it.each([
    ['unknown', UNKNOWN],
    ['null', null],
  ] as Array<[string, TfValue]>)(
    'GIVEN a required input that is %s at apply WHEN applied THEN it fails without a call',
    async (_what, email) => {
      const invite = jest.fn(async () => ADA);
      const result = await create({ users: { invite } }, { ...PLANNED, email });
      expect(result.state).toBeNull();
      expect(result.diagnostics?.[0]).toMatchObject({ severity: 'error', path: ['email'] });
      expect(invite).not.toHaveBeenCalled();
    },
  );
});

describe('apono_user apply: a replaced user keeps her groups', () => {
  const PRIOR: TfObject = { ...PLANNED, id: 'u_1', status: 'active', invited_at: '2026-11-29T00:00:00Z' };

  it('GIVEN the destroy half of a replacement WHEN the new user is created next THEN she is added back to her groups', async () => {
    const added: string[] = [];
    const successor = apiUser({ id: 'u_2' });
    const ctx = contextOf({
      users: {
        firstPage: async () => ({ users: [ADA], complete: true }),
        listAll: async () => [ADA],
        delete: async () => undefined,
        invite: async () => successor,
        get: async () => successor,
      },
      groups: {
        listAll: async () => [apiGroup({ id: 'g_1', name: 'eng' }), apiGroup({ id: 'g_2', name: 'ops' })],
        listMembers: async (id: string) => (id === 'g_1' ? ['ada@example.com'] : []),
        addMember: async (groupId: string, email: string) => void added.push(`${groupId}:${email}`),
      },
    });
    const session = sessionOf(ctx);
    const destroyed = await userResource.apply(
      {
        prior: PRIOR,
        planned: null,
        config: null,
        plannedPrivate: { replacement: { of: 'u_1', successorKey: 'ada@example.com' } },
      },
      session,
    );
    expect(destroyed.state).toBeNull();
    expect(destroyed.diagnostics?.[0]?.summary).toBe('Group memberships carried over to the replacement');
    expect(added).toEqual([]);
    const created = await userResource.apply({ prior: null, planned: PLANNED, config: PLANNED }, session);
    expect(created.state?.id).toBe('u_2');
    expect(added).toEqual(['g_1:ada@example.com']);
    expect(created.diagnostics?.at(-1)?.summary).toBe('Group memberships restored after the replacement');
  });

  it('GIVEN a plain destroy WHEN applied THEN no group is read and nothing is carried over', async () => {
    const refuse = async () => {
      throw new Error('no group read expected for a plain destroy');
    };
    const ctx = contextOf({
      users: { delete: async () => undefined },
      groups: { listAll: refuse, listMembers: refuse },
    });
    const result = await userResource.apply(
      { prior: PRIOR, planned: null, config: null, plannedPrivate: {} },
      sessionOf(ctx),
    );
    expect(result).toEqual({ state: null, diagnostics: [] });
    expect(ctx.carriedMemberships.size).toBe(0);
  });
});

describe('apono_user apply: a role change replaces only the managed role', () => {
  const PRIOR: TfObject = {
    ...PLANNED,
    id: 'u_1',
    role: 'Viewer',
    status: 'active',
    invited_at: '2026-11-29T00:00:00Z',
    roles: ['Viewer', 'Deployment'],
  };

  /** A tenant of Ada (Viewer, Deployment) and Sam (Security Auditor); records the PATCH bodies. */
  function tenant() {
    let ada = apiUser({ roles: ['Viewer', 'Deployment'] });
    const sam = apiUser({ id: 'u_2', email: 'sam@example.com', roles: ['Security Auditor'] });
    const update = jest.fn(async (_id: string, input: { roles?: readonly string[] }) => {
      ada = { ...ada, roles: [...(input.roles ?? ada.roles)] };
      return ada;
    });
    const client: ClientStub = {
      users: { listAll: async () => [ada, sam], get: async () => ada, update },
    };
    return { client, update };
  }

  function changeRole(client: ClientStub, role: string) {
    const planned: TfObject = { ...PRIOR, role, roles: UNKNOWN };
    return userResource.apply({ prior: PRIOR, planned, config: planned }, sessionOf(contextOf(client)));
  }

  it.each([
    ['a built-in role', 'Admin', ['Admin', 'Deployment']],
    ['a built-in role in another case', 'admin', ['Admin', 'Deployment']],
    ['a role of the tenant in another case', 'security auditor', ['Security Auditor', 'Deployment']],
  ])(
    'GIVEN a Viewer and Deployment WHEN role becomes %s (%j) THEN Apono gets %j',
    async (_case, role, sent) => {
      const { client, update } = tenant();
      const result = await changeRole(client, role);
      expect(update).toHaveBeenCalledWith('u_1', { roles: sent });
      expect(result.state).toMatchObject({ role, roles: sent });
    },
  );

  it('GIVEN a Viewer and Deployment WHEN role becomes Deployment THEN nothing is sent and Deployment is managed', async () => {
    const { client, update } = tenant();
    const result = await changeRole(client, 'Deployment');
    expect(update).not.toHaveBeenCalled();
    expect(result.state).toMatchObject({ role: 'Deployment', roles: ['Viewer', 'Deployment'] });
  });
});
