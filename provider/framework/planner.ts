/**
 * The default planner: Terraform's plan rules applied from the attribute declarations, as pure
 * functions over plain values. A resource's own plan hook only adds what needs the remote side.
 *
 * - An input keeps its prior value when the configuration differs only by semantic equality
 *   (email case, phone format): no needless diff.
 * - An optional-computed input the configuration omits is its default on create, and afterwards
 *   keeps whatever the state holds: omitted means "not managed".
 * - Computed attributes keep their prior values unless the object is replaced or an input they
 *   change with changes (no needless "known after apply"), and are known after apply on create
 *   unless declared known on create.
 * - A changed `requiresReplace` input replaces the object.
 */
import { AnyAttribute, InputBehaviour, isWhollyKnown } from './attributes';
import { AttributePath, TfObject, TfValue, UNKNOWN } from './types';

/** The attributes of a resource, by name. */
export type AttributeTable = Readonly<Record<string, AnyAttribute>>;

/** Equality of two plain values; sets compare without regard to order. */
export function sameValue(a: TfValue, b: TfValue, unordered = false): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    if (!unordered) return a.every((element, index) => sameValue(element, b[index] ?? null));
    if (isStrings(a) && isStrings(b)) return sameMultiset(a, b, (value) => value);
    return (
      a.every((element) => b.some((other) => sameValue(element, other))) &&
      b.every((element) => a.some((other) => sameValue(element, other)))
    );
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) || Array.isArray(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key] ?? null, b[key] ?? null));
  }
  return false;
}

function isStrings(values: readonly TfValue[]): values is string[] {
  return values.every((value) => typeof value === 'string');
}

/** Whether two lists hold the same elements as often, compared by `key` (linear time). */
export function sameMultiset(
  a: readonly string[],
  b: readonly string[],
  key: (value: string) => string,
): boolean {
  if (a.length !== b.length) return false;
  const counts = new Map<string, number>();
  for (const value of a) counts.set(key(value), (counts.get(key(value)) ?? 0) + 1);
  for (const value of b) {
    const left = counts.get(key(value)) ?? 0;
    if (left === 0) return false;
    counts.set(key(value), left - 1);
  }
  return true;
}

/**
 * True when two values of an input mean the same: equal, or equal under the attribute's semantic
 * equality (for a set, every element of each has an equivalent in the other). Unknowns never are.
 */
export function equivalentValues(attribute: InputBehaviour, a: TfValue, b: TfValue): boolean {
  if (!isWhollyKnown(a) || !isWhollyKnown(b)) return false;
  if (sameValue(a, b, attribute.collection === 'set')) return true;
  const same = attribute.equivalent;
  if (same === null) return false;
  if (typeof a === 'string' && typeof b === 'string') return same(a, b);
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  const matches = (x: TfValue, y: TfValue) => typeof x === 'string' && typeof y === 'string' && same(x, y);
  if (attribute.collection === 'list') return a.every((element, index) => matches(element, b[index] ?? null));
  const canonical = attribute.canonical;
  if (canonical !== null && isStrings(a) && isStrings(b)) {
    // Every element of each has an equivalent in the other: the same set of normal forms.
    const left = new Set(a.map(canonical));
    const right = new Set(b.map(canonical));
    return left.size === right.size && [...left].every((key) => right.has(key));
  }
  return a.every((x) => b.some((y) => matches(x, y))) && b.every((y) => a.some((x) => matches(x, y)));
}

/**
 * Keeps the spellings of `preferred` in `actual` wherever they are equivalent: the whole value, or,
 * for a collection, element by element (the API may return another case of what the user wrote).
 */
export function preferSpelling(attribute: InputBehaviour, actual: TfValue, preferred: TfValue): TfValue {
  if (equivalentValues(attribute, actual, preferred)) return preferred;
  const same = attribute.equivalent;
  if (same === null || !Array.isArray(actual) || !Array.isArray(preferred)) return actual;
  const canonical = attribute.canonical;
  if (canonical !== null) {
    const byKey = new Map<string, TfValue>();
    for (const candidate of preferred) {
      if (typeof candidate === 'string' && !byKey.has(canonical(candidate)))
        byKey.set(canonical(candidate), candidate);
    }
    return actual.map((element) =>
      typeof element === 'string' ? (byKey.get(canonical(element)) ?? element) : element,
    );
  }
  return actual.map((element) => {
    if (typeof element !== 'string') return element;
    const match = preferred.find((candidate) => typeof candidate === 'string' && same(candidate, element));
    return match ?? element;
  });
}

/** The planned value of the input `name`, given its configured value. */
function planInput(
  name: string,
  attribute: InputBehaviour,
  prior: TfObject | null,
  configValue: TfValue,
): TfValue {
  const priorValue = prior === null ? null : (prior[name] ?? null);
  if (configValue === null) {
    if (attribute.presence !== 'optional-computed') return null;
    // defaultOnCreate null: omitted means not managed, so an omission plans null on update too.
    if (prior !== null) return attribute.defaultOnCreate === null ? null : priorValue;
    return attribute.defaultOnCreate === undefined ? UNKNOWN : attribute.defaultOnCreate;
  }
  return prior !== null && equivalentValues(attribute, configValue, priorValue) ? priorValue : configValue;
}

/** The planned values of every input: the configuration with the rules above applied. */
export function planInputs(attributes: AttributeTable, prior: TfObject | null, config: TfObject): TfObject {
  const planned: TfObject = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (attribute.role === 'input') planned[name] = planInput(name, attribute, prior, config[name] ?? null);
  }
  return planned;
}

/** The requires-replace inputs whose planned value differs from the prior one. */
export function replacePaths(
  attributes: AttributeTable,
  prior: TfObject,
  planned: TfObject,
): AttributePath[] {
  const paths: AttributePath[] = [];
  for (const [attributeName, attribute] of Object.entries(attributes)) {
    if (attribute.role !== 'input' || !attribute.requiresReplace) continue;
    const before = prior[attributeName] ?? null;
    const after = planned[attributeName] ?? null;
    if (!sameValue(before, after, attribute.collection === 'set')) paths.push([attributeName]);
  }
  return paths;
}

/**
 * The planned values of the computed attributes: the prior values for an object that stays (unknown
 * when one of the `changed` inputs is one they change with), and for a new one (create or
 * replacement) the values declared known on create, else unknown.
 */
export function planComputed(
  attributes: AttributeTable,
  prior: TfObject | null,
  newObject: boolean,
  changed: readonly string[] = [],
): TfObject {
  const planned: TfObject = {};
  for (const [attributeName, attribute] of Object.entries(attributes)) {
    if (attribute.role !== 'computed') continue;
    if (newObject || prior === null) planned[attributeName] = attribute.onCreate ?? UNKNOWN;
    else if (attribute.changesWith.some((input) => changed.includes(input))) planned[attributeName] = UNKNOWN;
    else planned[attributeName] = prior[attributeName] ?? null;
  }
  return planned;
}

/** Names of the inputs (state-only ones excluded) whose planned value differs from the prior one. */
export function changedInputs(attributes: AttributeTable, prior: TfObject, planned: TfObject): string[] {
  return Object.entries(attributes)
    .filter(([, attribute]) => attribute.role === 'input' && !attribute.stateOnly)
    .filter(([attributeName, attribute]) => {
      const before = prior[attributeName] ?? null;
      const after = planned[attributeName] ?? null;
      return !sameValue(before, after, attribute.collection === 'set');
    })
    .map(([attributeName]) => attributeName);
}
