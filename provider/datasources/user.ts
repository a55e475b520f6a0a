/** The apono_user data source: one user, IdP-synced ones included, by email (aliases included) or id. */
import { emailProblem } from '../domain/emails';
import { Attributes, optionalComputedString } from '../framework/attributes';
import { defineDataSource, notFoundProblem } from '../framework/data-source';
import { errorDiagnostic } from '../framework/diagnostics';
import { AponoContext } from '../tenant/context';
import { USER_DETAIL_ATTRIBUTES, UserEntry, userEntry } from './user-fields';

/** The arguments of the apono_user data source. */
export interface UserLookup {
  readonly id: string;
  readonly email: string;
}

const attributes: Attributes<UserLookup, UserEntry> = {
  id: optionalComputedString({ description: 'The user id. Set exactly one of `id` and `email`.' }),
  email: optionalComputedString({
    description:
      "The user's email, compared case-insensitively; one of her aliases finds her too (and is kept as " +
      'written). Set exactly one of `id` and `email`.',
    rules: [emailProblem],
  }),
  ...USER_DETAIL_ATTRIBUTES,
};

/** The apono_user data source. */
export const userDataSource = defineDataSource<UserLookup, UserEntry, AponoContext>({
  typeName: 'apono_user',
  description:
    'Looks up one Apono user, IdP-synced ones included, by email (case-insensitive, aliases included) or id.',
  noun: 'user',
  attributes,
  validate(config) {
    if ((config.id === null) === (config.email === null)) {
      return [
        errorDiagnostic(
          'Exactly one of id and email must be set',
          'Set either `id` or `email` to look up a user.',
        ),
      ];
    }
    return [];
  },
  async read(config, ctx) {
    const { id, email } = config;
    const user =
      email !== null ? await ctx.directory.userByEmail(email) : await ctx.directory.userById(String(id));
    if (user === null) {
      throw email !== null
        ? notFoundProblem('user', 'email', email, 'Apono')
        : notFoundProblem('user', 'id', String(id), 'Apono');
    }
    // Looked up by an alias: the result keeps it.
    return { ...userEntry(user), ...(email !== null ? { email } : {}) };
  },
});
