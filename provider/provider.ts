/**
 * The Apono provider: its settings (provider/settings.ts), how a configuration becomes a context
 * (one access check, so a wrong token or endpoint is one error), and the registry of every resource
 * and data source it serves: adding one is one file and one line below.
 */
import { normalizeEndpoint, sanitizeEndpoint } from './client/endpoint';
import { packageInfo } from './client/package-info';
import { userAgent } from './client/user-agent';
import { groupDataSource } from './datasources/group';
import { groupsDataSource } from './datasources/groups';
import { userDataSource } from './datasources/user';
import { usersDataSource } from './datasources/users';
import { errorDiagnostic } from './framework/diagnostics';
import { Configured, defineProvider } from './framework/provider';
import { BlockSchema, Logger, TerraformInfo, TfObject, UNKNOWN } from './framework/types';
import { groupResource } from './resources/group';
import { groupMemberResource } from './resources/group-member';
import { userResource } from './resources/user';
import {
  SETTINGS_ATTRIBUTES,
  clientSettings,
  loggableSettings,
  resolveSettings,
  settingsProblems,
  validateSettingsConfig,
} from './settings';
import { AponoContext, aponoContext } from './tenant/context';
import { describeAccessError, describeApiError } from './tenant/diagnostics';

/** The provider's source address, used in every configuration and in the local mirror. */
export const PROVIDER_ADDRESS = 'terraform.local/apono/apono';

const schema: BlockSchema = {
  version: 0,
  description:
    'Declares the identities of [Apono](https://www.apono.io) as code: users, groups and memberships, with ' +
    'data sources for every user and group of a tenant, identity-provider ones included.',
  attributes: SETTINGS_ATTRIBUTES,
};

async function configure(
  config: TfObject,
  log: Logger,
  signal: AbortSignal,
  terraform: TerraformInfo,
): Promise<Configured<AponoContext>> {
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
  // Loaded on first configure only: axios and ajv cost ~95 ms, and of the several launches of the
  // provider in one terraform command, those that only serve the schema never need them.
  const { AponoClient } = await import('./client');
  const client = new AponoClient({
    ...clientSettings({ ...settings, token: settings.token }),
    userAgent: userAgent(packageInfo().version, terraform.version),
    onRequest: (event) => log.debug('apono api request', { ...event }),
  });
  // StopProvider during configure cancels the access check.
  if (signal.aborted) client.stop();
  signal.addEventListener('abort', () => client.stop(), { once: true });
  const endpoint = sanitizeEndpoint(normalizeEndpoint(settings.endpoint, settings.token), settings.token);
  const ctx = aponoContext(client, endpoint, log);
  try {
    // One request proves the endpoint and the token, so a wrong one is one error, not one per resource.
    await ctx.directory.verifyAccess();
  } catch (error) {
    const origins = {
      token: settings.origins.personal_token === 'config',
      endpoint: settings.origins.endpoint === 'config',
    };
    return { ctx: null, diagnostics: [describeAccessError(error, ctx.endpoint, origins)] };
  }
  log.debug('provider configured', loggableSettings(settings));
  return { ctx, diagnostics: [], adoptExisting: settings.adoptExisting };
}

/** The Apono provider: its configuration and every resource and data source it serves. */
export const aponoProvider = defineProvider<AponoContext>({
  address: PROVIDER_ADDRESS,
  service: 'Apono',
  schema,
  adoptionHowToEnable: 'adopt_existing = true in the provider block (or APONO_ADOPT_EXISTING=true)',
  resources: [userResource, groupResource, groupMemberResource],
  dataSources: [userDataSource, groupDataSource, usersDataSource, groupsDataSource],
  validate: validateSettingsConfig,
  configure,
  describeError: (error, action) => describeApiError(error, action),
  stop(ctx) {
    ctx.client.stop();
  },
});
