/**
 * Static checks of a configuration from the attribute declarations (ValidateResourceConfig and
 * ValidateDataResourceConfig, which Terraform repeats before every plan, at apply too). Unknown
 * values are never rejected; a value that turns out null or invalid once known is, before any
 * write. Pure: no I/O.
 */
import { InputBehaviour } from './attributes';
import { errorDiagnostic } from './diagnostics';
import { AttributeTable } from './planner';
import { AttributePath, Diagnostic, TfObject, TfValue, UNKNOWN } from './types';

/** How a path reads in a message: `members[1]`. */
export function pathText(path: AttributePath): string {
  return path
    .map((step, index) => (typeof step === 'number' ? `[${step}]` : index === 0 ? step : `.${step}`))
    .join('');
}

/** An error on `path`; `subject` names the value in the detail, e.g. `members[1]`. */
function invalid(
  attribute: InputBehaviour,
  name: string,
  path: AttributePath,
  subject: string,
  problem: string,
): Diagnostic {
  return errorDiagnostic(attribute.invalidSummary ?? `Invalid ${name}`, `${subject} ${problem}.`, path);
}

/** The first rule `value` breaks, as an error. */
function checkString(
  attribute: InputBehaviour,
  name: string,
  path: AttributePath,
  subject: string,
  value: string,
): Diagnostic[] {
  for (const rule of attribute.rules) {
    const problem = rule(value);
    if (problem !== null) return [invalid(attribute, name, path, subject, problem)];
  }
  return [];
}

function checkCollection(name: string, attribute: InputBehaviour, value: readonly TfValue[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  value.forEach((element, index) => {
    const path = [name, index];
    if (element === null) {
      diagnostics.push(invalid(attribute, name, path, pathText(path), 'must not be null'));
    } else if (typeof element === 'string') {
      // Terraform sends a set's elements sorted, not in the order written: the value says which one.
      const subject =
        attribute.collection === 'set' ? `${pathText(path)} (${JSON.stringify(element)})` : pathText(path);
      diagnostics.push(...checkString(attribute, name, path, subject, element));
    }
  });
  const known = value.filter((element): element is string => typeof element === 'string');
  for (const problem of attribute.collectionRule?.(known) ?? []) {
    diagnostics.push(errorDiagnostic(problem.summary, problem.detail, [name]));
  }
  return diagnostics;
}

/** The problems of the inputs of a configuration (each with its attribute path). */
export function validateInputs(attributes: AttributeTable, config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.role !== 'input') continue;
    const value = config[name] ?? null;
    if (value === UNKNOWN) continue;
    if (value === null) {
      // Terraform checks that required arguments are written; an expression can still be null.
      if (attribute.presence === 'required')
        diagnostics.push(invalid(attribute, name, [name], name, 'must not be null'));
    } else if (Array.isArray(value)) {
      diagnostics.push(...checkCollection(name, attribute, value));
    } else if (typeof value === 'string') {
      diagnostics.push(...checkString(attribute, name, [name], name, value));
    }
  }
  return diagnostics;
}

/** The inputs that are not wholly known or, when required, null: apply must not write then. */
export function unresolvedInputs(attributes: AttributeTable, planned: TfObject): string[] {
  return Object.entries(attributes)
    .filter(([name, attribute]) => {
      if (attribute.role !== 'input') return false;
      const value = planned[name] ?? null;
      if (value === null) return attribute.presence === 'required';
      if (value === UNKNOWN) return true;
      return Array.isArray(value) && value.some((element) => element === UNKNOWN || element === null);
    })
    .map(([name]) => name);
}
