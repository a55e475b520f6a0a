/**
 * Attributes as resources and data sources declare them: type, presence, description and plan
 * behaviour (requires-replace, semantic equality, defaults on create, state-only), with the
 * TypeScript type of the model field they fill. The framework's planner, validation and model
 * conversion read these declarations; a resource never handles attributes by string name.
 */
import { AttributeSchema, TfType, TfValue, UNKNOWN, Unknown } from './types';

/** A value as configurations and plans hold it: known, or not known until apply (elements too). */
export type Plannable<T> = T extends null
  ? null
  : T extends readonly (infer E)[]
    ? ReadonlyArray<Plannable<E>> | Unknown
    : T | Unknown;

/** A configuration in terms of a model: every attribute may be omitted (null) or not known yet. */
export type Config<A> = { readonly [K in keyof A]: Plannable<A[K]> | null };

/** A planned object in terms of a model: known values, or values not known until apply. */
export type Planned<M> = { -readonly [K in keyof M]: Plannable<M[K]> };

/** Why a value is not acceptable, or null when it is (the domain's `xxxProblem` functions). */
export type ValueRule = (value: string) => string | null;

/** A problem found by a rule over a whole collection (e.g. two spellings of one email). */
export interface CollectionProblem {
  readonly summary: string;
  readonly detail: string;
}

interface AttributeCommon {
  readonly type: TfType;
  readonly description: string;
  readonly sensitive: boolean;
  /** The elements of a list or set attribute are strings (rules and equality apply to elements). */
  readonly collection: 'set' | 'list' | null;
}

/** What the framework reads of an input attribute (required, optional, or optional and computed). */
export interface InputBehaviour extends AttributeCommon {
  readonly role: 'input';
  readonly presence: 'required' | 'optional' | 'optional-computed';
  /** A change of the value replaces the object. */
  readonly requiresReplace: boolean;
  /** Semantic equality of two values (of two elements, for collections): equal ones plan no change. */
  readonly equivalent: ((a: string, b: string) => boolean) | null;
  /**
   * The normal form under which equivalent values are equal (e.g. an email in lower case), when one
   * exists: collections then compare in linear time (a 10,000-member set pairwise takes seconds).
   */
  readonly canonical: ((value: string) => string) | null;
  /** Rules for each known value (each element, for collections). */
  readonly rules: readonly ValueRule[];
  /** A rule over all known elements of a collection. */
  readonly collectionRule: ((values: readonly string[]) => CollectionProblem[]) | null;
  /** The summary of a rule's diagnostic, e.g. "Invalid member email"; default "Invalid <name>". */
  readonly invalidSummary: string | null;
  /**
   * Planned on create when the configuration omits it (optional-computed only); undefined: known
   * after apply. null means "omitted: not managed": null is planned on update too, so an attribute
   * removed from the configuration stops being managed (and read).
   */
  readonly defaultOnCreate: TfValue | undefined;
  /** Lives only in the Terraform state (never sent to or read from the API). */
  readonly stateOnly: boolean;
}

/** What the framework reads of a computed attribute (one only the provider sets). */
export interface ComputedBehaviour extends AttributeCommon {
  readonly role: 'computed';
  /** Known at plan time on create (otherwise "known after apply"). */
  readonly onCreate: TfValue | undefined;
  /** Inputs whose change makes the remote side recompute it: then "known after apply". */
  readonly changesWith: readonly string[];
}

/**
 * An input attribute whose model type is `T`. The phantom field makes `InputAttribute<string>` and
 * `InputAttribute<string | null>` distinct types, so a model field and its declaration cannot disagree.
 */
export interface InputAttribute<T> extends InputBehaviour {
  readonly __model?: (value: T) => T;
}

/** A computed attribute whose model type is `T`. */
export interface ComputedAttribute<T> extends ComputedBehaviour {
  readonly __model?: (value: T) => T;
}

/** Any attribute, as the framework handles them at run time. */
export type AnyAttribute = InputBehaviour | ComputedBehaviour;

/** The attributes of a resource or data source: one per field of its model `M`, inputs `A`. */
export type Attributes<A, M> = { readonly [K in keyof A]-?: InputAttribute<A[K]> } & {
  readonly [K in Exclude<keyof M, keyof A>]-?: ComputedAttribute<M[K]>;
};

/** What every attribute declaration says. */
export interface AttributeText {
  readonly description: string;
  readonly sensitive?: boolean;
}

/** What a computed attribute may declare besides its text. */
export interface ComputedOptions extends AttributeText {
  /** Inputs whose change makes the remote side recompute it: then "known after apply". */
  readonly changesWith?: readonly string[];
}

/** What an input attribute may declare besides its text. */
export interface InputOptions extends AttributeText {
  readonly requiresReplace?: boolean;
  readonly equivalent?: (a: string, b: string) => boolean;
  /** The normal form of a value: values with the same one are equivalent (implies `equivalent`). */
  readonly canonical?: (value: string) => string;
  readonly rules?: readonly ValueRule[];
  readonly invalidSummary?: string;
}

/** Equality of normal forms, or null when there is no normal form. */
function sameCanonical(
  canonical: ((value: string) => string) | undefined,
): ((a: string, b: string) => boolean) | null {
  return canonical === undefined ? null : (a, b) => canonical(a) === canonical(b);
}

function input<T>(
  type: TfType,
  presence: InputAttribute<T>['presence'],
  options: InputOptions & {
    readonly collectionRule?: (values: readonly string[]) => CollectionProblem[];
    readonly defaultOnCreate?: TfValue;
    readonly stateOnly?: boolean;
  },
  collection: 'set' | 'list' | null = null,
): InputAttribute<T> {
  return {
    role: 'input',
    type,
    presence,
    collection,
    description: options.description,
    sensitive: options.sensitive ?? false,
    requiresReplace: options.requiresReplace ?? false,
    equivalent: options.equivalent ?? sameCanonical(options.canonical),
    canonical: options.canonical ?? null,
    rules: options.rules ?? [],
    collectionRule: options.collectionRule ?? null,
    invalidSummary: options.invalidSummary ?? null,
    defaultOnCreate: options.defaultOnCreate,
    stateOnly: options.stateOnly ?? false,
  };
}

function computed<T>(
  type: TfType,
  options: ComputedOptions & { readonly onCreate?: TfValue },
  collection: 'set' | 'list' | null = null,
): ComputedAttribute<T> {
  return {
    role: 'computed',
    type,
    collection,
    description: options.description,
    sensitive: options.sensitive ?? false,
    onCreate: options.onCreate,
    changesWith: options.changesWith ?? [],
  };
}

/** A string the configuration must set. */
export function requiredString(options: InputOptions): InputAttribute<string> {
  return input('string', 'required', options);
}

/** A string the configuration may omit (null in the model when omitted). */
export function optionalString(options: InputOptions): InputAttribute<string | null> {
  return input('string', 'optional', options);
}

/**
 * A string the configuration may omit; then it is `defaultOnCreate` on create (or known after
 * apply), and afterwards whatever the remote object holds: omitted means "not managed".
 */
export function optionalComputedString(
  options: InputOptions & { readonly defaultOnCreate?: string },
): InputAttribute<string> {
  return input('string', 'optional-computed', options);
}

/**
 * Like `optionalComputedString`, for a value the remote object may lack: null in the model (and the
 * state) when it has none.
 */
export function optionalComputedNullableString(
  options: InputOptions & { readonly defaultOnCreate?: string },
): InputAttribute<string | null> {
  return input('string', 'optional-computed', options);
}

/** A bool the configuration may omit; `stateOnly` ones are never sent to the API. */
export function optionalBool(
  options: AttributeText & { readonly stateOnly?: boolean },
): InputAttribute<boolean | null> {
  return input('bool', 'optional', options);
}

/** A set of strings the configuration may omit (null in the model when omitted). */
export function optionalStringSet(options: InputOptions): InputAttribute<string[] | null> {
  return input(['set', 'string'], 'optional', options, 'set');
}

/**
 * A set of strings the configuration may omit (then `defaultOnCreate` on create, and not managed
 * afterwards). Rules and equality apply to its elements; null elements are refused.
 */
export function optionalComputedStringSet(
  options: InputOptions & {
    readonly defaultOnCreate?: readonly string[];
    readonly collectionRule?: (values: readonly string[]) => CollectionProblem[];
  },
): InputAttribute<string[]> {
  const { defaultOnCreate, ...rest } = options;
  return input(
    ['set', 'string'],
    'optional-computed',
    { ...rest, ...(defaultOnCreate === undefined ? {} : { defaultOnCreate: [...defaultOnCreate] }) },
    'set',
  );
}

/**
 * Like `optionalComputedStringSet`, for a set whose omission means "not managed, not read": with
 * `defaultOnCreate: null` a plan that omits it (create or update) plans null, and the resource keeps
 * null in the state (so its reads can skip what it does not manage) until the configuration sets it.
 */
export function optionalComputedNullableStringSet(
  options: InputOptions & {
    readonly defaultOnCreate?: readonly string[] | null;
    readonly collectionRule?: (values: readonly string[]) => CollectionProblem[];
  },
): InputAttribute<string[] | null> {
  const { defaultOnCreate, ...rest } = options;
  return input(
    ['set', 'string'],
    'optional-computed',
    {
      ...rest,
      ...(defaultOnCreate === undefined
        ? {}
        : { defaultOnCreate: defaultOnCreate === null ? null : [...defaultOnCreate] }),
    },
    'set',
  );
}

/** A computed string that is never null once known. */
export function computedString(
  options: AttributeText & { readonly onCreate?: string },
): ComputedAttribute<string> {
  return computed('string', options);
}

/** A computed string that may be null. */
export function computedNullableString(options: AttributeText): ComputedAttribute<string | null> {
  return computed('string', options);
}

/** A computed bool. */
export function computedBool(options: AttributeText): ComputedAttribute<boolean> {
  return computed('bool', options);
}

/** A computed list of strings. */
export function computedStringList(options: ComputedOptions): ComputedAttribute<string[]> {
  return computed(['list', 'string'], options, 'list');
}

/** A computed set of strings. */
export function computedStringSet(options: AttributeText): ComputedAttribute<string[]> {
  return computed(['set', 'string'], options, 'set');
}

/** A computed map of strings (an empty map rather than null when there is nothing to show). */
export function computedStringMap(options: AttributeText): ComputedAttribute<Record<string, string>> {
  return computed(['map', 'string'], options);
}

/** The cty type of one field of a nested object, with the model type it maps to. */
export interface FieldType<T> {
  readonly type: TfType;
  readonly __model?: (value: T) => T;
}

/** Field types for `computedObjectList`. */
export const field = {
  string: { type: 'string' } as FieldType<string>,
  nullableString: { type: 'string' } as FieldType<string | null>,
  bool: { type: 'bool' } as FieldType<boolean>,
  stringList: { type: ['list', 'string'] } as FieldType<string[]>,
  nullableStringList: { type: ['list', 'string'] } as FieldType<string[] | null>,
  stringMap: { type: ['map', 'string'] } as FieldType<Record<string, string>>,
};

/** A computed list of objects whose fields are declared by `fields` (model type `O[]`). */
export function computedObjectList<O>(
  fields: { readonly [K in keyof O]-?: FieldType<O[K]> },
  options: AttributeText,
): ComputedAttribute<O[]> {
  const shape: Record<string, TfType> = {};
  for (const [name, fieldType] of Object.entries(fields) as Array<[string, FieldType<unknown>]>) {
    shape[name] = fieldType.type;
  }
  return computed(['list', ['object', shape]], options);
}

/** The wire schema of an attribute (what GetProviderSchema sends). */
export function attributeSchema(attribute: AnyAttribute): AttributeSchema {
  const flags =
    attribute.role === 'computed'
      ? { computed: true }
      : attribute.presence === 'required'
        ? { required: true }
        : attribute.presence === 'optional'
          ? { optional: true }
          : { optional: true, computed: true };
  return {
    type: attribute.type,
    description: attribute.description,
    ...flags,
    ...(attribute.sensitive ? { sensitive: true } : {}),
  };
}

/** True when a value holds no unknown at any depth. */
export function isWhollyKnown(value: TfValue): boolean {
  if (value === UNKNOWN) return false;
  if (Array.isArray(value)) return value.every(isWhollyKnown);
  if (value !== null && typeof value === 'object') return Object.values(value).every(isWhollyKnown);
  return true;
}
