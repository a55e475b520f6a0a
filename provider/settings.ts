/**
 * The provider block's settings: each attribute with its environment variable and, for numbers, its
 * rule from the client's one table (client/settings.ts). From that table come the schema attributes
 * (descriptions naming env var, default and range), the static checks of ValidateProviderConfig,
 * the merge of config and environment (config wins) and the checks of the merged settings at
 * ConfigureProvider, each diagnostic on its attribute.
 */
import type { AponoClientSettings } from './client';
import { checkToken, normalizeEndpoint, sanitizeEndpoint } from './client/endpoint';
import { ConfigurationError } from './client/errors';
import { type NumberRule, SETTING_RULES, describeRange, ruleProblem } from './client/settings';
import { errorDiagnostic } from './framework/diagnostics';
import { AttributeSchema, Diagnostic, TfObject } from './framework/types';

function knownString(config: TfObject, name: string): string | null {
  const value = config[name];
  return typeof value === 'string' ? value : null;
}

function knownNumber(config: TfObject, name: string): number | null {
  const value = config[name];
  return typeof value === 'number' ? value : null;
}

export const DEFAULT_ENDPOINT = 'https://api.apono.io';

/** The numeric attributes: each names its env var and its rule in SETTING_RULES. */
const NUMBER_SETTINGS = [
  {
    attribute: 'max_retries',
    env: 'APONO_MAX_RETRIES',
    rule: 'maxRetries',
    purpose:
      'How many times a request is retried after a 429, 502, 503 or 504 answer or a dropped connection.',
  },
  {
    attribute: 'requests_per_second',
    env: 'APONO_REQUESTS_PER_SECOND',
    rule: 'requestsPerSecond',
    purpose:
      "Cap on the requests per second sent to Apono (a token bucket); set it a little under a tenant's rate " +
      'limit.',
  },
  {
    attribute: 'request_timeout',
    env: 'APONO_REQUEST_TIMEOUT',
    rule: 'requestTimeoutSeconds',
    purpose: 'Timeout of one HTTP attempt, in seconds.',
  },
  {
    attribute: 'operation_timeout',
    env: 'APONO_OPERATION_TIMEOUT',
    rule: 'operationTimeoutSeconds',
    purpose:
      'Deadline of one API operation, in seconds: all its attempts, backoff sleeps and `Retry-After` waits ' +
      'included; a retry that would end past it is not made.',
  },
] as const;

type NumberSetting = (typeof NUMBER_SETTINGS)[number];
export type NumberAttribute = NumberSetting['attribute'];
/** The client settings the provider block sets. */
type NumberKey = NumberSetting['rule'];

/** The string attributes and their env vars. */
const STRING_ENV = { endpoint: 'APONO_ENDPOINT', personal_token: 'APONO_PERSONAL_TOKEN' } as const;
type StringAttribute = keyof typeof STRING_ENV;

/** The bool attributes and their env vars. */
const BOOL_ENV = { adopt_existing: 'APONO_ADOPT_EXISTING' } as const;
type BoolAttribute = keyof typeof BOOL_ENV;

export type SettingAttribute = StringAttribute | NumberAttribute | BoolAttribute;
/** Where a resolved setting came from: the provider block, its env var, or the default. */
export type SettingOrigin = 'config' | 'env' | 'default';

/** The provider settings after config values (which win) are merged with environment variables. */
export interface ProviderSettings {
  readonly endpoint: string;
  readonly token: string | null;
  /** The numeric client settings; NaN where the env var is not a number. */
  readonly numbers: Readonly<Record<NumberKey, number>>;
  readonly origins: Readonly<Record<SettingAttribute, SettingOrigin>>;
  /** The text of each env var that is not a number (or, for bools, not true/false), by attribute. */
  readonly unparsedEnv: Readonly<Partial<Record<NumberAttribute | BoolAttribute, string>>>;
  /** Creates adopt existing objects that match their configuration (adopt_existing). */
  readonly adoptExisting: boolean;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The provider schema's attributes, descriptions built from the rules. */
export const SETTINGS_ATTRIBUTES: Readonly<Record<SettingAttribute, AttributeSchema>> = {
  endpoint: {
    type: 'string',
    optional: true,
    description:
      `Base URL of the Apono API. Env: \`APONO_ENDPOINT\`. Default: \`${DEFAULT_ENDPOINT}\`. ` +
      'The host alone, optionally followed by `/`, `/api` or `/api/` (the same requests are sent for each; ' +
      'any other path fails `terraform validate`); must be `https://` except for the loopback hosts ' +
      '`127.0.0.1`, `localhost` and `[::1]`, with no credentials, query or fragment. ' +
      'An empty string is an error, never a fallback to the default.',
  },
  personal_token: {
    type: 'string',
    optional: true,
    sensitive: true,
    description:
      'Apono personal API token. Env: `APONO_PERSONAL_TOKEN`. Required here or in the env var; an empty ' +
      'string is an error. Never logged, not even at `TF_LOG=trace`, and never shown in diagnostics. ' +
      'The token must be allowed to list users: the provider checks it once per run with one request.',
  },
  adopt_existing: {
    type: 'bool',
    optional: true,
    description:
      'When true, creating a user or group that already exists in Apono, created in Apono (not by an identity ' +
      'provider) and equal to the configuration in every attribute it sets, adopts it into the state instead of ' +
      'failing; the plan warns for each one. Use it to recover from an interrupted apply. ' +
      'Env: `APONO_ADOPT_EXISTING` (`true` or `false`). Default: `false`.',
  },
  ...(Object.fromEntries(
    NUMBER_SETTINGS.map((setting) => {
      const rule: NumberRule = SETTING_RULES[setting.rule];
      const description =
        `${setting.purpose} Env: \`${setting.env}\`. Default: \`${rule.defaultValue}\`. ` +
        `${capitalized(describeRange(rule))}.`;
      return [setting.attribute, { type: 'number', optional: true, description }];
    }),
  ) as Record<NumberAttribute, AttributeSchema>),
};

/** The message of the ConfigurationError a check throws, or null when it passes. */
function configurationProblem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
}

function emptyStringProblem(attribute: StringAttribute): Diagnostic {
  return errorDiagnostic(
    `Invalid ${attribute}`,
    `${attribute} is an empty string. Remove it from the provider block to use ${STRING_ENV[attribute]}` +
      (attribute === 'endpoint' ? ` or the default (${DEFAULT_ENDPOINT})` : '') +
      ', or set a value.',
    [attribute],
  );
}

function endpointProblem(endpoint: string, token: string, source: string): Diagnostic | null {
  const problem = configurationProblem(() => normalizeEndpoint(endpoint, token));
  return problem === null
    ? null
    : errorDiagnostic('Invalid endpoint', `${problem} (set by ${source}).`, ['endpoint']);
}

function tokenProblem(token: string, source: string): Diagnostic | null {
  const problem = configurationProblem(() => checkToken(token));
  return problem === null
    ? null
    : errorDiagnostic('Invalid Apono personal token', `${problem} (set by ${source}).`, ['personal_token']);
}

/**
 * Static checks of the values known in the provider block (ValidateProviderConfig): empty strings,
 * the endpoint's shape, the token's characters and every number's range. Unknown values pass.
 */
export function validateSettingsConfig(config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const endpoint = knownString(config, 'endpoint');
  const token = knownString(config, 'personal_token');
  if (endpoint === '') diagnostics.push(emptyStringProblem('endpoint'));
  else if (endpoint !== null) {
    const problem = endpointProblem(endpoint, token ?? '', 'endpoint in the provider block');
    if (problem !== null) diagnostics.push(problem);
  }
  if (token === '') diagnostics.push(emptyStringProblem('personal_token'));
  else if (token !== null) {
    const problem = tokenProblem(token, 'personal_token in the provider block');
    if (problem !== null) diagnostics.push(problem);
  }
  for (const setting of NUMBER_SETTINGS) {
    const value = knownNumber(config, setting.attribute);
    const problem = value === null ? null : ruleProblem(SETTING_RULES[setting.rule], value);
    if (problem !== null) {
      diagnostics.push(
        errorDiagnostic(`Invalid ${setting.attribute}`, `${setting.attribute} ${problem}.`, [
          setting.attribute,
        ]),
      );
    }
  }
  return diagnostics;
}

/** An env var's value, or null when unset or blank (an empty env var counts as unset). */
function envText(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw;
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Merges the provider block with environment variables: a config value wins over its env var, even
 * an empty string (which the checks then report); an empty env var counts as unset.
 */
export function resolveSettings(config: TfObject, env: NodeJS.ProcessEnv): ProviderSettings {
  const origins: Partial<Record<SettingAttribute, SettingOrigin>> = {};
  const unparsedEnv: Partial<Record<NumberAttribute | BoolAttribute, string>> = {};
  const string = (attribute: StringAttribute): string | null => {
    const configured = knownString(config, attribute);
    if (configured !== null) {
      origins[attribute] = 'config';
      return configured;
    }
    const fromEnv = envText(env, STRING_ENV[attribute]);
    origins[attribute] = fromEnv === null ? 'default' : 'env';
    return fromEnv;
  };
  let adoptExisting = false;
  if (typeof config.adopt_existing === 'boolean') {
    origins.adopt_existing = 'config';
    adoptExisting = config.adopt_existing;
  } else {
    const fromEnv = envText(env, BOOL_ENV.adopt_existing);
    origins.adopt_existing = fromEnv === null ? 'default' : 'env';
    if (fromEnv !== null) {
      const parsed = parseBool(fromEnv);
      if (parsed === null) unparsedEnv.adopt_existing = fromEnv;
      adoptExisting = parsed ?? false;
    }
  }
  const numbers: Partial<Record<NumberKey, number>> = {};
  for (const setting of NUMBER_SETTINGS) {
    const configured = knownNumber(config, setting.attribute);
    const fromEnv = envText(env, setting.env);
    if (configured !== null) {
      origins[setting.attribute] = 'config';
      numbers[setting.rule] = configured;
    } else if (fromEnv !== null) {
      origins[setting.attribute] = 'env';
      const parsed = DECIMAL.test(fromEnv.trim()) ? Number(fromEnv) : NaN;
      if (Number.isNaN(parsed)) unparsedEnv[setting.attribute] = fromEnv;
      numbers[setting.rule] = parsed;
    } else {
      origins[setting.attribute] = 'default';
      numbers[setting.rule] = SETTING_RULES[setting.rule].defaultValue;
    }
  }
  return {
    endpoint: string('endpoint') ?? DEFAULT_ENDPOINT,
    token: string('personal_token'),
    numbers: numbers as Record<NumberKey, number>,
    origins: origins as Record<SettingAttribute, SettingOrigin>,
    unparsedEnv,
    adoptExisting,
  };
}

/** An env var's bool: true/false (also 1/0), case-insensitive; null when it is neither. */
function parseBool(text: string): boolean | null {
  const value = text.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return null;
}

/** Where a setting's value came from, in words: `APONO_ENDPOINT` or `endpoint in the provider block`. */
function sourceOf(settings: ProviderSettings, attribute: SettingAttribute, env: string): string {
  return settings.origins[attribute] === 'env' ? env : `${attribute} in the provider block`;
}

/** Checks of the merged settings (ConfigureProvider); each diagnostic names its attribute and source. */
export function settingsProblems(settings: ProviderSettings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const push = (diagnostic: Diagnostic | null): void => {
    if (diagnostic !== null) diagnostics.push(diagnostic);
  };
  if (settings.token === null) {
    push(
      errorDiagnostic(
        'Missing Apono personal token',
        'Set personal_token in the provider block or the APONO_PERSONAL_TOKEN environment variable.',
        ['personal_token'],
      ),
    );
  } else if (settings.token === '') {
    push(emptyStringProblem('personal_token'));
  } else {
    push(tokenProblem(settings.token, sourceOf(settings, 'personal_token', STRING_ENV.personal_token)));
  }
  // Only the provider block can give an empty endpoint: an empty env var counts as unset.
  if (settings.endpoint === '') push(emptyStringProblem('endpoint'));
  else {
    const source =
      settings.origins.endpoint === 'default'
        ? 'default'
        : sourceOf(settings, 'endpoint', STRING_ENV.endpoint);
    push(endpointProblem(settings.endpoint, settings.token ?? '', source));
  }
  const unparsedBool = settings.unparsedEnv.adopt_existing;
  if (unparsedBool !== undefined) {
    push(
      errorDiagnostic(
        'Invalid adopt_existing',
        `${BOOL_ENV.adopt_existing} (for adopt_existing) must be true or false; got ${JSON.stringify(unparsedBool)}.`,
        ['adopt_existing'],
      ),
    );
  }
  for (const setting of NUMBER_SETTINGS) {
    const rule: NumberRule = SETTING_RULES[setting.rule];
    const unparsed = settings.unparsedEnv[setting.attribute];
    const value = settings.numbers[setting.rule];
    const problem =
      unparsed !== undefined
        ? `must be ${describeRange(rule)}; got ${JSON.stringify(unparsed)}, which is not a number`
        : ruleProblem(rule, value);
    if (problem === null) continue;
    const subject =
      settings.origins[setting.attribute] === 'env'
        ? `${setting.env} (for ${setting.attribute})`
        : setting.attribute;
    push(errorDiagnostic(`Invalid ${setting.attribute}`, `${subject} ${problem}.`, [setting.attribute]));
  }
  return diagnostics;
}

/** The client's settings from checked provider settings (the hook for request events aside). */
export function clientSettings(settings: ProviderSettings & { readonly token: string }): AponoClientSettings {
  return { endpoint: settings.endpoint, token: settings.token, ...settings.numbers };
}

/** The settings as a log line may show them: by attribute, the endpoint sanitized, no token. */
export function loggableSettings(settings: ProviderSettings): Record<string, string | number> {
  return {
    endpoint: sanitizeEndpoint(settings.endpoint, settings.token ?? ''),
    adopt_existing: String(settings.adoptExisting),
    ...Object.fromEntries(
      NUMBER_SETTINGS.map((setting) => [setting.attribute, settings.numbers[setting.rule]]),
    ),
  };
}
