import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ResponseValidationError } from '../../provider/client/errors';
import { ResponseValidator, describeSchemaError } from '../../provider/client/validate';

/** A schema directory of our own, so these tests do not depend on the real schemas' details. */
function schemaDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'client-schemas-'));
  const user = {
    $id: 'https://example.test/user.schema.json',
    type: 'object',
    required: ['id', 'email', 'roles'],
    properties: {
      id: { type: 'string' },
      email: { type: 'string', format: 'email' },
      roles: { type: 'array', items: { enum: ['Admin', 'Grantee'] } },
    },
  };
  const page = {
    $id: 'https://example.test/users-page.schema.json',
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: { $ref: 'user.schema.json' } } },
  };
  fs.writeFileSync(path.join(dir, 'user.schema.json'), JSON.stringify(user));
  fs.writeFileSync(path.join(dir, 'users-page.schema.json'), JSON.stringify(page));
  return dir;
}

describe('ResponseValidator', () => {
  const dir = schemaDir();
  const validator = new ResponseValidator(dir);
  const endpoint = { method: 'GET', path: '/api/admin/v3/users' };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function failure(name: 'user' | 'users-page', body: unknown): ResponseValidationError {
    try {
      validator.check(name, body, endpoint);
    } catch (error) {
      if (error instanceof ResponseValidationError) return error;
      throw error;
    }
    throw new Error('expected a validation failure');
  }

  it('returns a matching body unchanged', () => {
    const body = { id: 'u1', email: 'a@b.io', roles: ['Admin'], extra: 'allowed' };
    expect(validator.check('user', body, endpoint)).toBe(body);
  });

  it.each<[string, 'user' | 'users-page', unknown, string]>([
    [
      'a wrong type deep in a page (through a $ref)',
      'users-page',
      {
        items: [
          { id: 'u1', email: 'a@b.io', roles: [] },
          { id: 'u2', email: 7, roles: [] },
        ],
      },
      'GET /api/admin/v3/users: response field /items/1/email must be string',
    ],
    [
      'a missing property',
      'user',
      { id: 'u1', roles: [] },
      'GET /api/admin/v3/users: response field /email is required but missing',
    ],
    [
      'a value outside an enum',
      'user',
      { id: 'u1', email: 'a@b.io', roles: ['Root'] },
      'GET /api/admin/v3/users: response field /roles/0 must be one of "Admin", "Grantee"',
    ],
    [
      'a format violation',
      'user',
      { id: 'u1', email: 'not-an-email', roles: [] },
      'GET /api/admin/v3/users: response field /email must match format "email"',
    ],
    ['a body that is not an object', 'user', null, 'GET /api/admin/v3/users: response body must be object'],
  ])('names the field of %s', (_name, schema, body, message) => {
    const error = failure(schema, body);
    expect(error.message).toBe(message);
  });

  it('exposes the field as a JSON pointer', () => {
    expect(failure('users-page', { items: [{ id: 1, email: 'a@b.io', roles: [] }] }).field).toBe(
      '/items/0/id',
    );
  });
});

describe('describeSchemaError', () => {
  it('GIVEN a missing property with / and ~ in its name WHEN described THEN its JSON pointer escapes them', () => {
    const described = describeSchemaError({
      keyword: 'required',
      instancePath: '/items/0',
      schemaPath: '#/required',
      params: { missingProperty: 'a/b~c' },
    });
    expect(described).toEqual({ field: '/items/0/a~1b~0c', reason: 'is required but missing' });
  });

  it('GIVEN a value of none of several types WHEN described THEN the types are listed with "or"', () => {
    const described = describeSchemaError({
      keyword: 'type',
      instancePath: '/source_id',
      schemaPath: '#/properties/source_id/type',
      params: { type: ['string', 'null'] },
      message: 'must be string,null',
    });
    expect(described).toEqual({ field: '/source_id', reason: 'must be string or null' });
  });
});
