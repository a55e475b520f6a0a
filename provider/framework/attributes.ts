import { AttributePath, Diagnostic, TfObject, TfValue, UNKNOWN } from './types';

/** A known string attribute, or null when the value is null or unknown. */
export function knownString(object: TfObject | null, name: string): string | null {
  const value = object?.[name];
  return typeof value === 'string' ? value : null;
}

/** A known number attribute, or null when the value is null or unknown. */
export function knownNumber(object: TfObject | null, name: string): number | null {
  const value = object?.[name];
  return typeof value === 'number' ? value : null;
}

/** A known bool attribute, or null when the value is null or unknown. */
export function knownBool(object: TfObject | null, name: string): boolean | null {
  const value = object?.[name];
  return typeof value === 'boolean' ? value : null;
}

/** A known list or set of strings (every element known), or null otherwise. */
export function knownStrings(object: TfObject | null, name: string): string[] | null {
  const value = object?.[name];
  if (!Array.isArray(value)) return null;
  return value.every((element) => typeof element === 'string') ? (value as string[]) : null;
}

/** True when the attribute is unknown (not null, not known). */
export function isUnknown(object: TfObject | null, name: string): boolean {
  return object?.[name] === UNKNOWN;
}

/** True when the attribute is null (absent from the configuration). */
export function isNull(object: TfObject | null, name: string): boolean {
  const value: TfValue | undefined = object?.[name];
  return value === null || value === undefined;
}

/** An error diagnostic about one attribute. */
export function attributeError(path: AttributePath, summary: string, detail?: string): Diagnostic {
  return { severity: 'error', summary, path, ...(detail === undefined ? {} : { detail }) };
}

/** A diagnostic without an attribute path. */
export function errorDiagnostic(summary: string, detail?: string): Diagnostic {
  return { severity: 'error', summary, ...(detail === undefined ? {} : { detail }) };
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === 'error');
}
