/**
 * Response validation: every 2xx body is checked against its JSON Schema in schema/api/ before it
 * is typed. Schemas are compiled once per process and shared by all clients.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type AnySchema, type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ResponseValidationError } from './errors';
import { embeddedAssets } from '../embedded';
import { packageInfo } from './package-info';

/**
 * The response shapes, named after their files `schema/api/<name>.schema.json`; the last four
 * describe error bodies, which the client reads without validating (the contract test uses them).
 */
export type ResponseSchemaName =
  | 'user'
  | 'group'
  | 'users-page'
  | 'groups-page'
  | 'members-page'
  | 'legacy-users-page'
  | 'legacy-user'
  | 'error'
  | 'unauthorized'
  | 'conflict'
  | 'user-writes';

/** The request a body answered, for error messages. */
export interface Endpoint {
  readonly method: string;
  readonly path: string;
}

/** Directory of the response schemas in this package. */
export function defaultSchemaDir(): string {
  return path.join(packageInfo().root, 'schema', 'api');
}

type AjvInstance = Ajv | Ajv2019 | Ajv2020;

function ajvForDialect(schemas: readonly Record<string, unknown>[]): AjvInstance {
  const dialects = schemas.map((schema) => (typeof schema.$schema === 'string' ? schema.$schema : ''));
  // strict off: a harmless unknown keyword in a schema must not take the provider down; logger off
  // because the plugin's stdout/stderr belong to Terraform.
  const options = { allErrors: false, strict: false, logger: false as const };
  const ajv = dialects.some((d) => d.includes('2020-12'))
    ? new Ajv2020(options)
    : dialects.some((d) => d.includes('2019-09'))
      ? new Ajv2019(options)
      : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/** `name` as one JSON pointer segment (RFC 6901: `~` as `~0`, `/` as `~1`). */
function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * The JSON pointer of the offending field and what is wrong with it, from ajv's first error. A
 * missing field is named by its own pointer (`/items/0/name is required but missing`), not by its
 * parent's.
 */
export function describeSchemaError(error: ErrorObject): { field: string; reason: string } {
  if (error.keyword === 'required' && typeof error.params.missingProperty === 'string') {
    return {
      field: `${error.instancePath}/${pointerSegment(error.params.missingProperty)}`,
      reason: 'is required but missing',
    };
  }
  let reason = error.message ?? 'is invalid';
  if (error.keyword === 'type') {
    const types: unknown = error.params.type;
    const names = Array.isArray(types) ? types.map(String) : String(types).split(',');
    reason = `must be ${names.join(' or ')}`;
  }
  if (error.keyword === 'additionalProperties' && typeof error.params.additionalProperty === 'string') {
    reason = `must not have property '${error.params.additionalProperty}'`;
  }
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    reason = `must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
  }
  return { field: error.instancePath, reason };
}

/** The schema files of one directory, parsed, by file name. */
export function readSchemaDir(schemaDir: string): Record<string, object> {
  const schemas: Record<string, object> = {};
  for (const file of fs.readdirSync(schemaDir).filter((name) => name.endsWith('.schema.json'))) {
    const parsed: unknown = JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file} is not a JSON Schema object`);
    schemas[file] = parsed;
  }
  return schemas;
}

/** Where the default validator takes its schemas from: those embedded in a bundle, or defaultSchemaDir(). */
const EMBEDDED = 'embedded';

/** Compiled validators for the schemas in one directory (or those embedded in the bundle). */
export class ResponseValidator {
  private readonly validators = new Map<ResponseSchemaName, ValidateFunction>();

  constructor(schemaDir: string = defaultSchemaSource()) {
    const parsed = schemaDir === EMBEDDED ? (embeddedAssets()?.schemas ?? {}) : readSchemaDir(schemaDir);
    const schemas = Object.keys(parsed)
      .sort()
      .map((file) => ({ file, schema: parsed[file] as Record<string, unknown> }));
    const ajv = ajvForDialect(schemas.map((s) => s.schema));
    // Register every file first so that $refs between them (by $id or by file name) resolve.
    const keys = new Map<string, string>();
    for (const { file, schema } of schemas) {
      const key = typeof schema.$id === 'string' ? schema.$id : file;
      ajv.addSchema(schema as AnySchema, typeof schema.$id === 'string' ? undefined : file);
      keys.set(file.replace(/\.schema\.json$/, ''), key);
    }
    for (const [name, key] of keys) {
      const validate = ajv.getSchema(key);
      if (!validate) throw new Error(`schema ${key} did not compile`);
      this.validators.set(name as ResponseSchemaName, validate);
    }
  }

  /** Returns `body` typed as T when it matches schema `name`; otherwise throws ResponseValidationError. */
  check<T>(name: ResponseSchemaName, body: unknown, endpoint: Endpoint, retries = 0): T {
    const validate = this.validators.get(name);
    if (!validate) throw new Error(`no response schema named ${name}.schema.json`);
    if (validate(body)) return body as T;
    const first = validate.errors?.[0];
    const { field, reason } = first ? describeSchemaError(first) : { field: '', reason: 'is invalid' };
    throw new ResponseValidationError({ ...endpoint, field, reason, retries });
  }
}

const shared = new Map<string, ResponseValidator>();

/** The embedded schemas in the bundled executable, otherwise the package's schema/api/. */
function defaultSchemaSource(): string {
  return embeddedAssets() === undefined ? defaultSchemaDir() : EMBEDDED;
}

/** The process-wide validator for `schemaDir` (compiled on first use). */
export function responseValidator(schemaDir: string = defaultSchemaSource()): ResponseValidator {
  let validator = shared.get(schemaDir);
  if (!validator) {
    validator = new ResponseValidator(schemaDir);
    shared.set(schemaDir, validator);
  }
  return validator;
}
