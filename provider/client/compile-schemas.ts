/**
 * Compiling JSON Schemas with ajv: at build time into the standalone validators of
 * provider/client/generated/ (scripts/response-validators.ts), and at run time only for a schema
 * folder other than the package's own (tests). A launch of the provider never loads this module.
 */
import Ajv, { type AnySchema, type Options, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** An ajv instance of any dialect. */
export type AjvInstance = Ajv | Ajv2019 | Ajv2020;

/** One parsed schema file. */
export interface SchemaFile {
  /** The file name, `<name>.schema.json`. */
  readonly file: string;
  readonly schema: Record<string, unknown>;
}

/** The schema files of a parsed folder, sorted by file name. */
export function schemaFiles(parsed: Readonly<Record<string, object>>): SchemaFile[] {
  return Object.keys(parsed)
    .sort()
    .map((file) => ({ file, schema: parsed[file] as Record<string, unknown> }));
}

/** An ajv of the newest dialect the schemas declare, with ajv-formats; `extra` adds options (code generation). */
export function ajvForDialect(schemas: readonly Record<string, unknown>[], extra: Options = {}): AjvInstance {
  const dialects = schemas.map((schema) => (typeof schema.$schema === 'string' ? schema.$schema : ''));
  // strict off: a harmless unknown keyword in a schema must not take the provider down; logger off
  // because the plugin's stdout/stderr belong to Terraform.
  const options: Options = { allErrors: false, strict: false, logger: false, ...extra };
  const ajv = dialects.some((d) => d.includes('2020-12'))
    ? new Ajv2020(options)
    : dialects.some((d) => d.includes('2019-09'))
      ? new Ajv2019(options)
      : new Ajv(options);
  addFormats(ajv);
  return ajv;
}

/**
 * Adds every file to `ajv` (all first, so that $refs between them, by $id or by file name, resolve)
 * and returns the key ajv knows each by, by schema name (the file name without `.schema.json`).
 */
export function addSchemaFiles(ajv: AjvInstance, files: readonly SchemaFile[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const { file, schema } of files) {
    const key = typeof schema.$id === 'string' ? schema.$id : file;
    ajv.addSchema(schema as AnySchema, typeof schema.$id === 'string' ? undefined : file);
    keys.set(file.replace(/\.schema\.json$/, ''), key);
  }
  return keys;
}

/** Compiled validators of parsed schema files, by schema name. */
export function compileSchemas(parsed: Readonly<Record<string, object>>): Map<string, ValidateFunction> {
  const files = schemaFiles(parsed);
  const ajv = ajvForDialect(files.map((f) => f.schema));
  const validators = new Map<string, ValidateFunction>();
  for (const [name, key] of addSchemaFiles(ajv, files)) {
    const validate = ajv.getSchema(key);
    if (!validate) throw new Error(`schema ${key} did not compile`);
    validators.set(name, validate);
  }
  return validators;
}
