import type { User } from '../../provider/client';
import { apiUser } from '../helpers/api-objects';
import { inviteMatches, updateUserBody, userFilterQuery, userHasEmail } from '../../provider/client/users';

const user: User = apiUser({ id: 'u1', email: 'Ada@Example.com', email_aliases: ['ada.l@example.com'] });

describe('userHasEmail', () => {
  it.each([
    ['ada@example.com', true],
    ['ADA@EXAMPLE.COM', true],
    ['Ada.L@example.com', true],
    ['bob@example.com', false],
  ])('%s -> %s', (email, expected) => {
    expect(userHasEmail(user, email)).toBe(expected);
  });
});

describe('inviteMatches', () => {
  const asked = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace', role: 'grantee' };

  it.each<[string, Partial<typeof asked>, boolean]>([
    ['the same invite (email and role case differ)', {}, true],
    ['another first name', { firstName: 'Augusta' }, false],
    ['another last name', { lastName: 'Byron' }, false],
    ['another role', { role: 'Admin' }, false],
    ['another email', { email: 'ada2@example.com' }, false],
    ['an alias rather than the primary email', { email: 'ada.l@example.com' }, false],
  ])('%s -> %s', (_name, override, expected) => {
    expect(inviteMatches(user, { ...asked, ...override })).toBe(expected);
  });

  it('a user with more roles than asked is not a match', () => {
    expect(inviteMatches({ ...user, roles: ['Grantee', 'Admin'] }, asked)).toBe(false);
  });
});

describe('updateUserBody', () => {
  it.each<[string, Parameters<typeof updateUserBody>[0], Record<string, unknown>]>([
    ['nothing', {}, {}],
    ['names only', { firstName: 'A', lastName: 'B' }, { first_name: 'A', last_name: 'B' }],
    ['roles', { roles: ['Admin', 'Viewer'] }, { roles: ['Admin', 'Viewer'] }],
    ['a phone number', { phoneNumber: '+14155550100' }, { phone_number: '+14155550100' }],
    ['a cleared phone number (null is sent)', { phoneNumber: null }, { phone_number: null }],
  ])('%s', (_name, input, body) => {
    expect(updateUserBody(input)).toEqual(body);
  });
});

describe('userFilterQuery', () => {
  it('maps every filter, repeating role', () => {
    expect(
      userFilterQuery({
        firstName: 'A*',
        lastName: '*b',
        roles: ['Admin', 'Viewer'],
        sourceIntegrationId: 'i1',
        sourceIntegrationName: 'Okta',
      }),
    ).toEqual([
      ['first_name', 'A*'],
      ['last_name', '*b'],
      ['role', 'Admin'],
      ['role', 'Viewer'],
      ['source_integration_id', 'i1'],
      ['source_integration_name', 'Okta'],
    ]);
  });

  it('is empty without filters', () => {
    expect(userFilterQuery({})).toEqual([]);
  });
});
