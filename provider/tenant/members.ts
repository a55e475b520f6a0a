/** Rules about group members that need the tenant, shared by apono_group and apono_group_member. */
import { sameEmail } from '../domain/emails';
import { errorDiagnostic } from '../framework/diagnostics';
import { AttributePath, Diagnostic } from '../framework/types';
import { AponoContext } from './context';

/**
 * Members are listed by their primary email: an alias would never match what the API returns and
 * would diff forever, so it is refused at plan time with the address to use instead.
 */
export async function aliasProblems(
  ctx: AponoContext,
  emails: readonly string[],
  path: AttributePath,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const email of emails) {
    const user = await ctx.directory.userByEmail(email);
    if (user !== null && !sameEmail(user.email, email)) {
      diagnostics.push(
        errorDiagnostic(
          'Member email is an alias',
          `"${email}" is an alias of the Apono user "${user.email}". Apono lists group members by their primary email: use "${user.email}".`,
          path,
        ),
      );
    }
  }
  return diagnostics;
}
