/**
 * Response validation: every 2xx body is checked against its JSON Schema in schema/api/ before it
 * is typed. The package's schemas are compiled into standalone code at generate time
 * (scripts/response-validators.ts), so the provider compiles none when it starts.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { ResponseValidationError } from './errors';
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

/** A validation function as ajv makes it, compiled or standalone: its errors are ajv's error objects. */
export interface SchemaCheck {
  (body: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The schema source of the default validator: the standalone validators generated from the
 * package's schema/api/ (provider/client/generated/), so a launch compiles no schema.
 */
export const PRECOMPILED = 'precompiled';

/** The generated standalone validators, by schema name (loaded on first use). */
function precompiledChecks(): Map<string, SchemaCheck> {
  // Loaded here, not at the top: the provider needs them only once it reads a response.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const generated = require('./generated/response-validators') as {
    validators: Record<string, SchemaCheck>;
  };
  return new Map(Object.entries(generated.validators));
}

/** Validators compiled with ajv from the schema files of `schemaDir` (for a folder other than the package's). */
function compiledChecks(schemaDir: string): Map<string, SchemaCheck> {
  // ajv is loaded only for this path: the provider itself uses the precompiled validators.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { compileSchemas } = require('./compile-schemas') as typeof import('./compile-schemas');
  return compileSchemas(readSchemaDir(schemaDir));
}

/** Response validators: the precompiled ones of the package, or those of a schema folder compiled with ajv. */
export class ResponseValidator {
  private readonly validators: Map<string, SchemaCheck>;

  constructor(schemaDir: string = PRECOMPILED) {
    this.validators = schemaDir === PRECOMPILED ? precompiledChecks() : compiledChecks(schemaDir);
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

/** The process-wide validator for `schemaDir` (the precompiled validators by default; loaded on first use). */
export function responseValidator(schemaDir: string = PRECOMPILED): ResponseValidator {
  let validator = shared.get(schemaDir);
  if (!validator) {
    validator = new ResponseValidator(schemaDir);
    shared.set(schemaDir, validator);
  }
  return validator;
}
