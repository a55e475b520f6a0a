import type { AponoClient } from '../../provider/client';
import { ApiError, NotFoundError } from '../../provider/client/errors';
import { AponoContext, Directory } from '../../provider/context';
import { TfObject } from '../../provider/framework/types';
import { userResource } from '../../provider/resources/user';
import { apiUser } from '../helpers/api-objects';

const PLANNED: TfObject = {
  id: null,
  email: 'ada@example.com',
  full_name: 'Ada Lovelace',
  role: 'Grantee',
  phone_number: null,
  keep_on_destroy: null,
  status: null,
  source: 'apono',
  invited_at: null,
};

const ADA = apiUser({ invited_at: '2026-11-29T00:00:00Z' });

const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function context(users: Partial<AponoClient['users']>): AponoContext {
  const client = { users } as unknown as AponoClient;
  return { client, directory: new Directory(client), log: silent };
}

describe('apono_user apply: nothing lost on failure', () => {
  it('GIVEN an invite whose answer was lost WHEN the user exists after all THEN it is recorded in state with a warning', async () => {
    const ctx = context({
      invite: async () => {
        throw new ApiError({
          method: 'POST',
          path: '/api/admin/v3/users',
          code: 'timeout',
          priorAttemptUncertain: true,
        });
      },
      findByEmail: async () => ADA,
    });
    const result = await userResource.apply({ prior: null, planned: PLANNED, config: PLANNED }, ctx);
    expect(result.state).toMatchObject({ id: 'u_1', email: 'ada@example.com', status: 'invited' });
    expect(result.diagnostics?.[0]).toMatchObject({ severity: 'warning' });
    expect(result.diagnostics?.[0].summary).toContain('the invitation went through');
  });

  it('GIVEN an invite refused outright WHEN applied THEN no lookup is made and the error is reported', async () => {
    const findByEmail = jest.fn(async () => ADA);
    const ctx = context({
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
    });
    const result = await userResource.apply({ prior: null, planned: PLANNED, config: PLANNED }, ctx);
    expect(result.state).toBeNull();
    expect(result.diagnostics?.[0].severity).toBe('error');
    expect(findByEmail).not.toHaveBeenCalled();
  });

  it('GIVEN an invite that succeeded WHEN the read-back fails THEN the state still records the user', async () => {
    const ctx = context({
      invite: async () => ADA,
      get: async () => {
        throw new NotFoundError({ method: 'GET', path: '/api/admin/v3/users/u_1', status: 404 });
      },
    });
    const result = await userResource.apply({ prior: null, planned: PLANNED, config: PLANNED }, ctx);
    expect(result.state).toMatchObject({ id: 'u_1', full_name: 'Ada Lovelace' });
    expect(result.diagnostics?.[0].severity).toBe('warning');
  });
});
