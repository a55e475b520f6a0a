/**
 * serve(): wires a ProviderDefinition to the plugin server, either as a plugin launched by Terraform
 * (AutoMTLS from the environment, process rules, exit on Shutdown) or in reattach mode (plaintext,
 * in-process, for tests and debuggers: Terraform connects via TF_REATTACH_PROVIDERS).
 */
import { Logger, ProviderDefinition } from '../framework/types';
import { createLogger } from '../log';
import { providerServiceDefinition } from '../protocol/proto';
import { ProviderService, providerImplementation } from '../protocol/service';
import { APP_PROTOCOL_VERSION, handshakeLine } from './handshake';
import { installPluginProcessRules, shutdownAndExit, startServer } from './server';
import { transportSecurity } from './tls';

export interface ServeOptions {
  /** Plaintext, no process rules, Shutdown does not exit: Terraform attaches via TF_REATTACH_PROVIDERS. */
  readonly reattach?: boolean;
  /** Environment to read PLUGIN_CLIENT_CERT from (plugin mode); defaults to process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
}

export interface ServedProvider {
  readonly address: string;
  readonly port: number;
  /** The go-plugin handshake line (no newline) to print on stdout in plugin mode. */
  readonly handshake: string;
  /** The value for TF_REATTACH_PROVIDERS that points Terraform at this server. */
  readonly reattachProviders: string;
  /** Stops the server (in-flight calls get a short grace period). */
  stop(): Promise<void>;
}

/** The TF_REATTACH_PROVIDERS JSON for one provider address served at host:port by this process. */
export function reattachProvidersValue(
  providerAddress: string,
  address: string,
  pid: number = process.pid,
): string {
  return JSON.stringify({
    [providerAddress]: {
      Protocol: 'grpc',
      ProtocolVersion: APP_PROTOCOL_VERSION,
      Pid: pid,
      // Test: Terraform neither kills this process nor expects it to exit when done.
      Test: true,
      Addr: { Network: 'tcp', String: address },
    },
  });
}

/** Serves `definition` over tfplugin6 and resolves once the server listens. */
export async function serve<Ctx>(
  definition: ProviderDefinition<Ctx>,
  options: ServeOptions = {},
): Promise<ServedProvider> {
  const logger = options.logger ?? createLogger();
  const reattach = options.reattach === true;
  const security = await transportSecurity(reattach ? {} : (options.env ?? process.env));
  const service = new ProviderService(definition, logger);
  const exit = (code: number): never => process.exit(code);
  let onShutdownRequested: () => void = () => logger.debug('Shutdown ignored in reattach mode');
  const server = await startServer({
    providerService: providerServiceDefinition(),
    providerImplementation: providerImplementation(service, logger),
    credentials: security.credentials,
    logger,
    onShutdownRequested: () => onShutdownRequested(),
  });
  if (!reattach) {
    onShutdownRequested = () => shutdownAndExit(server, exit);
    installPluginProcessRules(exit, logger);
  }
  const address = `${server.host}:${server.port}`;
  return {
    address,
    port: server.port,
    handshake: handshakeLine(server.host, server.port, security.certificate?.certDer),
    reattachProviders: reattachProvidersValue(definition.address, address),
    stop: () => server.stop(),
  };
}
