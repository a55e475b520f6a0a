import { ConfigurationError } from './client/errors';
import { AponoContext, Directory } from './context';
import { groupDataSource } from './datasources/group';
import { userDataSource } from './datasources/user';
import { usersDataSource } from './datasources/users';
import { attributeError, errorDiagnostic, isUnknown } from './framework/attributes';
import { BlockSchema, Diagnostic, Logger, ProviderDefinition, TfObject } from './framework/types';
import { groupResource } from './resources/group';
import { groupMemberResource } from './resources/group_member';
import { userResource } from './resources/user';
import {
  SETTINGS_ATTRIBUTES,
  clientSettings,
  loggableSettings,
  resolveSettings,
  settingsProblems,
  validateSettingsConfig,
} from './settings';

/** The provider's source address, used in every configuration and in the local mirror. */
export const PROVIDER_ADDRESS = 'terraform.local/apono/apono';

const schema: BlockSchema = {
  version: 0,
  description: 'Manage Apono users and groups.',
  attributes: SETTINGS_ATTRIBUTES,
};

function validate(config: TfObject): Diagnostic[] {
  return validateSettingsConfig(config);
}

async function configure(
  config: TfObject,
  log: Logger,
): Promise<{ ctx: AponoContext | null; diagnostics: Diagnostic[] }> {
  // Tuning knobs that are unknown fall back to their env var or default; without an endpoint and a
  // token the provider cannot reach Apono at all, so only those two are reported.
  const unknown = ['endpoint', 'personal_token'].filter((name) => isUnknown(config, name));
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
  try {
    // Loaded on first configure only: axios and ajv cost ~95 ms, and of the several launches of the
    // provider in one terraform command, those that only serve the schema never need them.
    const { AponoClient } = await import('./client');
    const client = new AponoClient({
      ...clientSettings({ ...settings, token: settings.token }),
      onRequest: (event) => log.debug('apono api request', { ...event }),
    });
    log.debug('provider configured', loggableSettings(settings));
    return { ctx: { client, directory: new Directory(client), log }, diagnostics: [] };
  } catch (error) {
    if (error instanceof ConfigurationError)
      return { ctx: null, diagnostics: [attributeError(['endpoint'], 'Invalid endpoint', error.message)] };
    throw error;
  }
}

/** The Apono provider: its configuration and every resource and data source it serves. */
export const aponoProvider: ProviderDefinition<AponoContext> = {
  address: PROVIDER_ADDRESS,
  schema,
  resources: [userResource, groupResource, groupMemberResource],
  dataSources: [userDataSource, groupDataSource, usersDataSource],
  validate,
  configure,
  stop(ctx) {
    ctx.client.stop();
  },
};
