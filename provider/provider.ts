import { checkToken, normalizeEndpoint } from './client/endpoint';
import { ConfigurationError } from './client/errors';
import { groupDataSource } from './datasources/group';
import { userDataSource } from './datasources/user';
import { usersDataSource } from './datasources/users';
import { errorDiagnostic } from './framework/diagnostics';
import { Configured, defineProvider } from './framework/provider';
import { BlockSchema, Diagnostic, Logger, TfObject, UNKNOWN } from './framework/types';
import { groupResource } from './resources/group';
import { groupMemberResource } from './resources/group-member';
import { userResource } from './resources/user';
import { AponoContext, aponoContext } from './tenant/context';
import { describeAccessError, describeApiError } from './tenant/diagnostics';

function knownString(config: TfObject, name: string): string | null {
  const value = config[name];
  return typeof value === 'string' ? value : null;
}

function knownNumber(config: TfObject, name: string): number | null {
  const value = config[name];
  return typeof value === 'number' ? value : null;
}

function attributeError(path: string[], summary: string, detail: string): Diagnostic {
  return errorDiagnostic(summary, detail, path);
}

/** The provider's source address, used in every configuration and in the local mirror. */
export const PROVIDER_ADDRESS = 'terraform.local/apono/apono';
export const DEFAULT_ENDPOINT = 'https://api.apono.io';

const schema: BlockSchema = {
  version: 0,
  description: 'Manage Apono users and groups.',
  attributes: {
    endpoint: {
      type: 'string',
      optional: true,
      description: `Base URL of the Apono API. Env: APONO_ENDPOINT. Default: ${DEFAULT_ENDPOINT}. Must be https:// except for loopback hosts.`,
    },
    personal_token: {
      type: 'string',
      optional: true,
      sensitive: true,
      description: 'Apono personal API token. Env: APONO_PERSONAL_TOKEN.',
    },
    max_retries: {
      type: 'number',
      optional: true,
      description:
        'How many times a request is retried after 429, 502, 503, 504 or a dropped connection. Env: APONO_MAX_RETRIES. Default: 5.',
    },
    requests_per_second: {
      type: 'number',
      optional: true,
      description:
        'Cap on requests per second sent to Apono (0 or unset: no cap). Env: APONO_REQUESTS_PER_SECOND.',
    },
    request_timeout: {
      type: 'number',
      optional: true,
      description: 'Timeout of one HTTP request, in seconds. Env: APONO_REQUEST_TIMEOUT. Default: 30.',
    },
    adopt_existing: {
      type: 'bool',
      optional: true,
      description:
        'When true, creating a user or group that already exists in Apono, Apono-native and equal to the configuration ' +
        'in every attribute it sets, adopts it into the state instead of failing (the plan warns for each one). Use it ' +
        'to recover from an interrupted apply. Env: APONO_ADOPT_EXISTING. Default: false.',
    },
  },
};

/** The provider settings after config values (which win) are merged with environment variables. */
export interface ProviderSettings {
  readonly endpoint: string;
  readonly token: string | null;
  readonly maxRetries: number;
  readonly requestsPerSecond: number | null;
  readonly requestTimeoutSeconds: number;
  readonly adoptExisting: boolean;
}

function envNumber(env: NodeJS.ProcessEnv, name: string): number | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : NaN;
}

/** Merges the configuration with environment variables: a config value wins over its env var. */
export function resolveSettings(config: TfObject, env: NodeJS.ProcessEnv): ProviderSettings {
  const rps = knownNumber(config, 'requests_per_second') ?? envNumber(env, 'APONO_REQUESTS_PER_SECOND');
  return {
    // An empty string counts as unset, in the config as in the environment.
    endpoint: knownString(config, 'endpoint') || env.APONO_ENDPOINT || DEFAULT_ENDPOINT,
    token: knownString(config, 'personal_token') || env.APONO_PERSONAL_TOKEN || null,
    maxRetries: knownNumber(config, 'max_retries') ?? envNumber(env, 'APONO_MAX_RETRIES') ?? 5,
    requestsPerSecond: rps === 0 ? null : rps,
    requestTimeoutSeconds:
      knownNumber(config, 'request_timeout') ?? envNumber(env, 'APONO_REQUEST_TIMEOUT') ?? 30,
    adoptExisting:
      typeof config.adopt_existing === 'boolean'
        ? config.adopt_existing
        : /^(1|true)$/i.test((env.APONO_ADOPT_EXISTING ?? '').trim()),
  };
}

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

/** Checks of resolved settings; each diagnostic names the attribute and its env var. */
export function settingsProblems(settings: ProviderSettings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  if (settings.token === null) {
    diagnostics.push(
      attributeError(
        ['personal_token'],
        'Missing Apono personal token',
        'Set personal_token in the provider block or the APONO_PERSONAL_TOKEN environment variable.',
      ),
    );
  }
  if (settings.token !== null) {
    const problem = configurationProblem(() => checkToken(settings.token ?? ''));
    if (problem !== null) {
      diagnostics.push(
        attributeError(
          ['personal_token'],
          'Invalid Apono personal token',
          `${problem} (personal_token or APONO_PERSONAL_TOKEN).`,
        ),
      );
    }
  }
  const endpointProblem = configurationProblem(() => normalizeEndpoint(settings.endpoint));
  if (endpointProblem !== null) {
    diagnostics.push(
      attributeError(['endpoint'], 'Invalid endpoint', `${endpointProblem} (endpoint or APONO_ENDPOINT).`),
    );
  }
  const integer = (value: number, min: number) => Number.isInteger(value) && value >= min;
  if (!integer(settings.maxRetries, 0) || settings.maxRetries > 20) {
    diagnostics.push(
      attributeError(
        ['max_retries'],
        'Invalid max_retries',
        'max_retries (or APONO_MAX_RETRIES) must be an integer from 0 to 20.',
      ),
    );
  }
  if (settings.requestsPerSecond !== null && !(settings.requestsPerSecond > 0)) {
    diagnostics.push(
      attributeError(
        ['requests_per_second'],
        'Invalid requests_per_second',
        'requests_per_second (or APONO_REQUESTS_PER_SECOND) must be a positive number, or 0 for no cap.',
      ),
    );
  }
  if (!(settings.requestTimeoutSeconds >= 0.001)) {
    diagnostics.push(
      attributeError(
        ['request_timeout'],
        'Invalid request_timeout',
        'request_timeout (or APONO_REQUEST_TIMEOUT) must be a positive number of seconds.',
      ),
    );
  }
  return diagnostics;
}

function validate(config: TfObject): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const number = (name: string, ok: (value: number) => boolean, rule: string) => {
    const value = knownNumber(config, name);
    if (value !== null && !ok(value))
      diagnostics.push(attributeError([name], `Invalid ${name}`, `${name} ${rule}; got ${value}.`));
  };
  number('max_retries', (v) => Number.isInteger(v) && v >= 0 && v <= 20, 'must be an integer from 0 to 20');
  number('requests_per_second', (v) => v >= 0, 'must be a positive number, or 0 for no cap');
  number('request_timeout', (v) => v > 0, 'must be a positive number of seconds');
  return diagnostics;
}

async function configure(config: TfObject, log: Logger): Promise<Configured<AponoContext>> {
  // Tuning knobs that are unknown fall back to their env var or default; without an endpoint and a
  // token the provider cannot reach Apono at all, so only those two are reported.
  const unknown = ['endpoint', 'personal_token'].filter((name) => config[name] === UNKNOWN);
  if (unknown.length > 0) {
    return {
      ctx: null,
      diagnostics: [
        errorDiagnostic(
          'Provider configuration is not known yet',
          `These provider attributes depend on values known only after apply: ${unknown.join(', ')}.`,
        ),
      ],
    };
  }
  const settings = resolveSettings(config, process.env);
  const diagnostics = settingsProblems(settings);
  if (diagnostics.length > 0 || settings.token === null) return { ctx: null, diagnostics };
  let ctx: AponoContext;
  try {
    // Loaded on first configure only: axios and ajv cost ~95 ms, and of the several launches of the
    // provider in one terraform command, those that only serve the schema never need them.
    const { AponoClient } = await import('./client');
    const client = new AponoClient({
      endpoint: settings.endpoint,
      token: settings.token,
      maxRetries: settings.maxRetries,
      requestTimeoutMs: settings.requestTimeoutSeconds * 1000,
      ...(settings.requestsPerSecond === null ? {} : { requestsPerSecond: settings.requestsPerSecond }),
      onRequest: (event) => log.debug('apono api request', { ...event }),
    });
    ctx = aponoContext(client, normalizeEndpoint(settings.endpoint), log);
  } catch (error) {
    if (error instanceof ConfigurationError)
      return { ctx: null, diagnostics: [attributeError(['endpoint'], 'Invalid endpoint', error.message)] };
    throw error;
  }
  try {
    // One request proves the endpoint and the token, so a wrong one is one error, not one per resource.
    await ctx.directory.verifyAccess();
  } catch (error) {
    const origins = {
      token: knownString(config, 'personal_token') !== null,
      endpoint: knownString(config, 'endpoint') !== null,
    };
    return { ctx: null, diagnostics: [describeAccessError(error, ctx.endpoint, origins)] };
  }
  log.debug('provider configured', { endpoint: ctx.endpoint, max_retries: settings.maxRetries });
  return { ctx, diagnostics: [], adoptExisting: settings.adoptExisting };
}

/** The Apono provider: its configuration and every resource and data source it serves. */
export const aponoProvider = defineProvider<AponoContext>({
  address: PROVIDER_ADDRESS,
  service: 'Apono',
  schema,
  adoptionHowToEnable: 'adopt_existing = true in the provider block (or APONO_ADOPT_EXISTING=true)',
  resources: [userResource, groupResource, groupMemberResource],
  dataSources: [userDataSource, groupDataSource, usersDataSource],
  validate,
  configure,
  describeError: (error, action, ctx) => describeApiError(error, action, ctx.endpoint),
  stop(ctx) {
    ctx.client.stop();
  },
});
