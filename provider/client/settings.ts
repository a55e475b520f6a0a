/**
 * The one table of numeric client settings: default, bounds and unit of each. The client checks
 * its settings against it, and the provider builds its schema descriptions, its validation and its
 * environment-variable parsing from it, so every layer agrees on every range.
 */

/** The largest delay a Node timer honours; a longer one fires after 1 ms instead. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Default, bounds and unit of one numeric setting. */
export interface NumberRule {
  /** The value used when the setting is not given. */
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
  /** The unit of the value, as a message names it (e.g. `seconds`). */
  readonly unit: string;
  /** What 0 means, when 0 is a special value (e.g. `no cap`). */
  readonly zeroMeans?: string;
}

/**
 * Every numeric setting of the client. Time settings meant for people are in seconds; the backoff
 * knobs (client-only, used by tests) are in milliseconds. Defaults: a server that accepts connections
 * and never answers fails an operation after 30 s (3 attempts of 10 s), well under a minute.
 */
export const SETTING_RULES = {
  /** Retries after the first attempt. */
  maxRetries: { defaultValue: 5, min: 0, max: 20, integer: true, unit: 'retries' },
  /** Timeout of one attempt, response body included. */
  requestTimeoutSeconds: { defaultValue: 10, min: 1, max: 300, integer: false, unit: 'seconds' },
  /** Deadline of one operation: every attempt, backoff sleep and Retry-After wait included. */
  operationTimeoutSeconds: { defaultValue: 30, min: 1, max: 3600, integer: false, unit: 'seconds' },
  /** Cap on attempts started per second. */
  requestsPerSecond: {
    defaultValue: 0,
    min: 0,
    max: 1000,
    integer: false,
    unit: 'requests per second',
    zeroMeans: 'no cap',
  },
  /** Cap on attempts in flight. */
  maxConcurrency: { defaultValue: 8, min: 1, max: 64, integer: true, unit: 'requests' },
  /** Backoff ceiling of the first retry. */
  retryBaseDelayMs: { defaultValue: 200, min: 0, max: 60_000, integer: false, unit: 'ms' },
  /** Cap of any computed backoff. */
  retryMaxDelayMs: { defaultValue: 10_000, min: 0, max: 300_000, integer: false, unit: 'ms' },
  /** Cap of a server's Retry-After. */
  maxRetryAfterMs: { defaultValue: 60_000, min: 0, max: 300_000, integer: false, unit: 'ms' },
} as const satisfies Record<string, NumberRule>;

/** The name of a numeric client setting. */
export type NumberSettingName = keyof typeof SETTING_RULES;

/** The numeric client settings, each optional (its default applies). */
export type NumberSettings = { readonly [name in NumberSettingName]?: number };

/** Every numeric client setting with its value or default. */
export type ResolvedNumberSettings = { readonly [name in NumberSettingName]: number };

/** The accepted values in words, e.g. `an integer from 0 to 20` or `a number of seconds from 1 to 300`. */
export function describeRange(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a number';
  const unit = rule.unit === 'seconds' ? ' of seconds' : '';
  const zero = rule.zeroMeans === undefined ? '' : ` (0: ${rule.zeroMeans})`;
  return `${kind}${unit} from ${rule.min} to ${rule.max}${zero}`;
}

/** True when `value` obeys `rule`. */
export function isWithinRule(rule: NumberRule, value: number): boolean {
  return (
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value))
  );
}

/** Why `value` breaks `rule` (`must be ...; got ...`), or null when it obeys it. */
export function ruleProblem(rule: NumberRule, value: number): string | null {
  return isWithinRule(rule, value) ? null : `must be ${describeRange(rule)}; got ${value}`;
}

/** Each given numeric setting that breaks its rule, as `name must be ...; got ...`. */
export function numberSettingsProblems(settings: NumberSettings): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(SETTING_RULES) as NumberSettingName[]) {
    const value = settings[name];
    if (value === undefined) continue;
    const problem = ruleProblem(SETTING_RULES[name], value);
    if (problem !== null) problems.push(`${name} ${problem}`);
  }
  return problems;
}

/** The given numeric settings with the defaults filled in (unchecked: see numberSettingsProblems). */
export function withDefaults(settings: NumberSettings): ResolvedNumberSettings {
  const entries = (Object.keys(SETTING_RULES) as NumberSettingName[]).map(
    (name) => [name, settings[name] ?? SETTING_RULES[name].defaultValue] as const,
  );
  return Object.fromEntries(entries) as Record<NumberSettingName, number>;
}
