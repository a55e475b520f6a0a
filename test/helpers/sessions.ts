/** Sessions for unit tests of resources and data sources, without a provider process. */
import type { AponoClient } from '../../provider/client';
import { RunMemory } from '../../provider/framework/run';
import { Session } from '../../provider/framework/session';
import { Logger } from '../../provider/framework/types';
import { AponoContext } from '../../provider/tenant/context';
import { describeApiError } from '../../provider/tenant/diagnostics';
import { Directory } from '../../provider/tenant/directory';

/** A logger that drops everything. */
export const SILENT: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** A session around `ctx`, as a configured provider process would make it. */
export function sessionOf<Ctx>(
  ctx: Ctx,
  options: { adoptExisting?: boolean; run?: RunMemory } = {},
): Session<Ctx> {
  return {
    ctx,
    run: options.run ?? new RunMemory(),
    log: SILENT,
    service: 'Apono',
    adoption: { enabled: options.adoptExisting === true, howToEnable: 'adopt_existing = true' },
    describeError: (error, action) => describeApiError(error, action),
  };
}

/** An Apono context over a client stub: its listings go through the stub too. */
export function contextOf(
  client: Partial<{ [K in keyof AponoClient]: Partial<AponoClient[K]> }>,
): AponoContext {
  const stub = client as unknown as AponoClient;
  return {
    client: stub,
    endpoint: 'https://api.apono.test',
    directory: new Directory(stub),
    log: SILENT,
    carriedMemberships: new Map(),
  };
}
