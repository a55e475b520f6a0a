/**
 * The JSON Schemas of schema/api/, compiled once with ajv, so the sandbox tests check every
 * response against the same contract the API client validates with.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schema', 'api');
export type ApiSchemaName =
  'user' | 'group' | 'users-page' | 'groups-page' | 'members-page' | 'legacy-users-page' | 'user-writes';

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
for (const file of fs.readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.schema.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object);
}

const cache = new Map<ApiSchemaName, ValidateFunction>();

/** The problems ajv finds in `body` against schema/api/NAME.schema.json; empty when valid. */
export function schemaErrors(name: ApiSchemaName, body: unknown): string[] {
  let validate = cache.get(name);
  if (!validate) {
    const found = ajv.getSchema(`https://schemas.apono.local/api/${name}.json`);
    if (!found) throw new Error(`no schema ${name} in ${SCHEMA_DIR}`);
    validate = found;
    cache.set(name, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
