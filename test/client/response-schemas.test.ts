/**
 * The real schemas of schema/api/ against bodies that Apono's OpenAPI description allows (only the
 * required fields, nulls where a field is nullable, unknown extra fields) and bodies it does not.
 */
import { ResponseValidationError } from '../../provider/client/errors';
import { type ResponseSchemaName, responseValidator } from '../../provider/client/validate';

const ROUTE = { method: 'GET', path: '/api/admin/v1/groups' };

/** UserV3 with only its required fields and an unknown extra one. */
const MINIMAL_USER = {
  id: 'u1',
  email: 'ada@example.com',
  email_aliases: [],
  first_name: 'Ada',
  last_name: 'Lovelace',
  active: true,
  roles: ['Some Future Role'],
  not_in_the_spec: { nested: true },
};

/** GroupV1 with only its required fields and an unknown extra one. */
const MINIMAL_GROUP = { id: 'g1', name: 'eng', not_in_the_spec: 1 };

/** The error `body` raises against schema `name`, or undefined when it is valid. */
function validationError(name: ResponseSchemaName, body: unknown): ResponseValidationError | undefined {
  try {
    responseValidator().check(name, body, ROUTE);
    return undefined;
  } catch (error) {
    if (error instanceof ResponseValidationError) return error;
    throw error;
  }
}

describe('the response schemas accept what the spec allows', () => {
  it.each<[string, ResponseSchemaName, unknown]>([
    ['a user with only the required fields', 'user', MINIMAL_USER],
    [
      'a user whose optional fields are null',
      'user',
      { ...MINIMAL_USER, source_integration_id: null, source_integration_name: null, attributes: null },
    ],
    [
      'a user with string attributes and an IdP source',
      'user',
      {
        ...MINIMAL_USER,
        source_integration_id: 'int-1',
        source_integration_name: 'Okta',
        attributes: { department: 'R&D', title: '' },
      },
    ],
    [
      'a user with the extension fields',
      'user',
      { ...MINIMAL_USER, status: 'invited', phone_number: null, invited_at: '2026-01-01T00:00:00Z' },
    ],
    [
      'a user whose extension fields are null',
      'user',
      { ...MINIMAL_USER, phone_number: null, invited_at: null },
    ],
    ['a group with only id and name', 'group', MINIMAL_GROUP],
    [
      'a group whose source fields are null',
      'group',
      { ...MINIMAL_GROUP, source_id: null, source_integration_id: null, source_integration_name: null },
    ],
    ['a groups page without a next page token', 'groups-page', { items: [MINIMAL_GROUP], pagination: {} }],
    [
      'a groups page with a null token and unknown fields',
      'groups-page',
      { items: [MINIMAL_GROUP], pagination: { next_page_token: null, extra: 1 }, extra: 'x' },
    ],
    [
      'a users page with a next page token',
      'users-page',
      { items: [MINIMAL_USER], pagination: { next_page_token: 't' } },
    ],
    [
      'a members page of emails with unknown fields',
      'members-page',
      { items: [{ email: 'ada@example.com', extra: true }], pagination: {} },
    ],
    [
      'a legacy users page',
      'legacy-users-page',
      {
        data: [
          { id: 'u1', email: 'ada@example.com', first_name: 'Ada', last_name: '', active: false, extra: 1 },
        ],
        pagination: { total: 1, limit: 100, offset: 0, extra: 1 },
      },
    ],
  ])('%s', (_name, schema, body) => {
    // GIVEN a body the spec allows WHEN it is validated THEN it passes
    expect(validationError(schema, body)).toBeUndefined();
  });
});

describe('the response schemas refuse what the spec does not allow, naming the field', () => {
  it.each<[string, ResponseSchemaName, unknown, string]>([
    [
      'a group without a name',
      'groups-page',
      { items: [{ id: 'g1' }], pagination: {} },
      'GET /api/admin/v1/groups: response field /items/0/name is required but missing',
    ],
    [
      'a group whose source_id is a number',
      'group',
      { ...MINIMAL_GROUP, source_id: 7 },
      'GET /api/admin/v1/groups: response field /source_id must be string or null',
    ],
    [
      'a user without email_aliases',
      'user',
      { ...MINIMAL_USER, email_aliases: undefined },
      'GET /api/admin/v1/groups: response field /email_aliases is required but missing',
    ],
    [
      'a user attribute that is not a string',
      'user',
      { ...MINIMAL_USER, attributes: { level: 3 } },
      'GET /api/admin/v1/groups: response field /attributes/level must be string',
    ],
    [
      'a page without items',
      'users-page',
      { pagination: {} },
      'GET /api/admin/v1/groups: response field /items is required but missing',
    ],
    [
      'a legacy page without a total',
      'legacy-users-page',
      { data: [], pagination: { limit: 100, offset: 0 } },
      'GET /api/admin/v1/groups: response field /pagination/total is required but missing',
    ],
    [
      'a member without an email',
      'members-page',
      { items: [{ mail: 'x' }], pagination: {} },
      'GET /api/admin/v1/groups: response field /items/0/email is required but missing',
    ],
  ])('%s', (_name, schema, body, message) => {
    // GIVEN a body the spec does not allow WHEN it is validated THEN the error names route, field and reason
    expect(validationError(schema, JSON.parse(JSON.stringify(body)))?.message).toBe(message);
  });
});
