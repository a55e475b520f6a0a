/**
 * The standalone response validators in provider/client/generated/ are what `npm run generate`
 * writes today from schema/api/ (stale code fails the suite), and they judge bodies exactly as the
 * schemas compiled by ajv at run time do, formats included.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ResponseValidationError } from '../../provider/client/errors';
import { packageInfo } from '../../provider/client/package-info';
import { defaultSchemaDir, type ResponseSchemaName, ResponseValidator } from '../../provider/client/validate';
import {
  exportName,
  RESPONSE_VALIDATORS_BANNER,
  RESPONSE_VALIDATORS_FILE,
  renderResponseValidators,
} from '../../scripts/response-validators';

const committed = (): string => readFileSync(path.join(packageInfo().root, RESPONSE_VALIDATORS_FILE), 'utf8');

const ROUTE = { method: 'GET', path: '/api/admin/v3/users/u1' };
const USER = {
  id: 'u1',
  email: 'ada@example.com',
  email_aliases: [],
  first_name: 'Ada',
  last_name: 'Lovelace',
  active: true,
  roles: ['Admin'],
};

/** What `validator` says about `body` against schema `name`: 'valid', or the error message. */
function verdict(validator: ResponseValidator, name: ResponseSchemaName, body: unknown): string {
  try {
    validator.check(name, body, ROUTE);
    return 'valid';
  } catch (error) {
    if (error instanceof ResponseValidationError) return error.message;
    throw error;
  }
}

describe('precompiled response validators', () => {
  it('GIVEN the schemas of schema/api WHEN the validators are rendered THEN they are byte-identical to the committed file', () => {
    expect(renderResponseValidators(defaultSchemaDir())).toBe(committed());
  });

  it('GIVEN the committed validators WHEN read THEN the first line is the do-not-edit banner', () => {
    expect(committed().split('\n')[0]).toBe(RESPONSE_VALIDATORS_BANNER);
  });

  it.each([
    ['user', 'user'],
    ['users-page', 'usersPage'],
    ['legacy-users-page', 'legacyUsersPage'],
  ])('GIVEN schema name %s WHEN made an export name THEN it is %s', (name, expected) => {
    expect(exportName(name)).toBe(expected);
  });

  const precompiled = new ResponseValidator();
  const compiledAtRunTime = new ResponseValidator(defaultSchemaDir());

  it.each<[string, ResponseSchemaName, unknown, string]>([
    ['a valid user', 'user', USER, 'valid'],
    ['a valid invited_at date-time', 'user', { ...USER, invited_at: '2026-01-01T00:00:00Z' }, 'valid'],
    [
      'an invited_at that is not a date-time',
      'user',
      { ...USER, invited_at: 'yesterday' },
      'GET /api/admin/v3/users/u1: response field /invited_at must match format "date-time"',
    ],
    [
      'a user without an email',
      'user',
      { ...USER, email: undefined },
      'GET /api/admin/v3/users/u1: response field /email is required but missing',
    ],
    [
      'a page whose second user has a numeric id',
      'users-page',
      { items: [USER, { ...USER, id: 7 }], pagination: { total: 2, limit: 100, offset: 0 } },
      'GET /api/admin/v3/users/u1: response field /items/1/id must be string',
    ],
  ])(
    'GIVEN %s WHEN checked against schema %s THEN the precompiled validator answers as ajv compiling the schema does',
    (_case, name, body, expected) => {
      expect(verdict(precompiled, name, body)).toBe(expected);
      expect(verdict(compiledAtRunTime, name, body)).toBe(expected);
    },
  );
});
