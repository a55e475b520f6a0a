/**
 * Reads Terraform's JSON plan (`terraform show -json plan.out`): the resource changes and the drift
 * refresh found, each as a typed record, plus the references of the configuration's expressions
 * (to name what the plan cannot know yet). Nothing here knows about Apono's rules.
 */

/** A resource's attribute values as the plan JSON writes them. */
export type Values = Readonly<Record<string, unknown>>;

/** One entry of `resource_changes` or `resource_drift`. */
export interface ResourceChange {
  readonly address: string;
  readonly previousAddress: string | null;
  /** "managed" for a resource, "data" for a data source. */
  readonly mode: string;
  readonly type: string;
  readonly providerName: string;
  /** Terraform's actions: ["create"], ["update"], ["delete"], ["delete","create"], ["forget"], ["no-op"], … */
  readonly actions: readonly string[];
  readonly before: Values | null;
  readonly after: Values | null;
  /** `after_unknown`: true (or a structure holding true) where the value is known only after apply. */
  readonly afterUnknown: Values;
  readonly actionReason: string | null;
  readonly importing: boolean;
}

/** What the report needs of a plan. */
export interface Plan {
  readonly changes: readonly ResourceChange[];
  readonly drift: readonly ResourceChange[];
  /** Address -> attribute -> the references of its expression in the configuration (root and module calls). */
  readonly references: ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;
}

/** The input is not a plan in Terraform's JSON form. */
export class PlanFormatError extends Error {}

/** True for a JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalRecord(value: unknown): Values | null {
  return isRecord(value) ? value : null;
}

function stringField(record: Record<string, unknown>, key: string, where: string): string {
  const value = record[key];
  if (typeof value !== 'string') throw new PlanFormatError(`${where}: "${key}" is not a string`);
  return value;
}

/** One resource change of the plan JSON as a typed record. */
export function parseResourceChange(entry: unknown, where: string): ResourceChange {
  if (!isRecord(entry)) throw new PlanFormatError(`${where} is not an object`);
  const address = stringField(entry, 'address', where);
  const change = entry['change'];
  if (!isRecord(change)) throw new PlanFormatError(`${where} (${address}) has no "change" object`);
  const actions = change['actions'];
  if (!Array.isArray(actions) || !actions.every((action) => typeof action === 'string')) {
    throw new PlanFormatError(`${where} (${address}): "change.actions" is not a list of strings`);
  }
  return {
    address,
    previousAddress: typeof entry['previous_address'] === 'string' ? entry['previous_address'] : null,
    mode: typeof entry['mode'] === 'string' ? entry['mode'] : 'managed',
    type: stringField(entry, 'type', where),
    providerName: typeof entry['provider_name'] === 'string' ? entry['provider_name'] : '',
    actions: actions as string[],
    before: optionalRecord(change['before']),
    after: optionalRecord(change['after']),
    afterUnknown: optionalRecord(change['after_unknown']) ?? {},
    actionReason: typeof entry['action_reason'] === 'string' ? entry['action_reason'] : null,
    importing: isRecord(change['importing']),
  };
}

function parseChanges(plan: Record<string, unknown>, key: string): ResourceChange[] {
  const entries = plan[key];
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) throw new PlanFormatError(`"${key}" is not a list`);
  return entries.map((entry, index) => parseResourceChange(entry, `${key}[${index}]`));
}

/** The references of each resource's expressions in a configuration module, by address. */
export function configurationReferences(
  module: unknown,
  prefix = '',
  into: Map<string, Record<string, string[]>> = new Map(),
): Map<string, Record<string, string[]>> {
  if (!isRecord(module)) return into;
  const resources = Array.isArray(module['resources']) ? module['resources'] : [];
  for (const resource of resources) {
    if (!isRecord(resource) || typeof resource['address'] !== 'string') continue;
    const expressions = isRecord(resource['expressions']) ? resource['expressions'] : {};
    const byAttribute: Record<string, string[]> = {};
    for (const [attribute, expression] of Object.entries(expressions)) {
      if (isRecord(expression) && Array.isArray(expression['references'])) {
        byAttribute[attribute] = expression['references'].filter(
          (reference): reference is string => typeof reference === 'string',
        );
      }
    }
    into.set(`${prefix}${resource['address']}`, byAttribute);
  }
  const calls = isRecord(module['module_calls']) ? module['module_calls'] : {};
  for (const [name, call] of Object.entries(calls)) {
    if (isRecord(call)) configurationReferences(call['module'], `${prefix}module.${name}.`, into);
  }
  return into;
}

/** Parses JSON text; throws PlanFormatError when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error: unknown) {
    throw new PlanFormatError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Parses the text of a JSON plan; throws PlanFormatError when it is not one. */
export function parsePlan(text: string): Plan {
  const json = parseJson(text);
  if (!isRecord(json) || typeof json['format_version'] !== 'string') {
    throw new PlanFormatError(
      'not a Terraform plan in JSON form (no "format_version"); make one with `terraform show -json plan.out`',
    );
  }
  if (!('resource_changes' in json) && !('planned_values' in json)) {
    throw new PlanFormatError(
      'this is Terraform state, not a plan; make a plan with `terraform plan -out plan.out` and `terraform show -json plan.out`',
    );
  }
  const configuration = isRecord(json['configuration']) ? json['configuration'] : {};
  return {
    changes: parseChanges(json, 'resource_changes'),
    drift: parseChanges(json, 'resource_drift'),
    references: configurationReferences(configuration['root_module']),
  };
}
