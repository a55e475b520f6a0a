/**
 * The gRPC server Terraform talks to: tfplugin6.Provider plus the go-plugin side services
 * (controller, stdio, health), on 127.0.0.1 with a port chosen by the OS.
 */
import * as grpc from '@grpc/grpc-js';
import { Logger } from '../framework/types';
import type { ProtoGrpcType as GoPluginPackage } from '../protocol/generated/go-plugin';
import type { HealthHandlers } from '../protocol/generated/grpc/health/v1/Health';
import type { ProtoGrpcType as HealthPackage } from '../protocol/generated/health';
import type { GRPCControllerHandlers } from '../protocol/generated/plugin/GRPCController';
import type { GRPCStdioHandlers } from '../protocol/generated/plugin/GRPCStdio';
import { loadProto, PROTO_FILES } from '../protocol/proto';

/** Terraform's own client allows 256 MiB; grpc-js' 4 MiB default is too small for big states. */
export const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
export const LISTEN_HOST = '127.0.0.1';
/** How long a Shutdown may wait for in-flight calls before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 1_000;
const PARENT_POLL_MS = 1_000;

export interface ServerOptions {
  readonly providerService: grpc.ServiceDefinition;
  readonly providerImplementation: grpc.UntypedServiceImplementation;
  readonly credentials: grpc.ServerCredentials;
  readonly logger: Logger;
  /** Called after plugin.GRPCController/Shutdown has been answered (the real plugin exits). */
  readonly onShutdownRequested?: () => void;
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** Stops accepting calls and closes connections (graceful, then forced after a grace period). */
  stop(): Promise<void>;
}

/** The go-plugin package (plugin.GRPCController, plugin.GRPCStdio) as loaded. */
export function goPluginPackage(): GoPluginPackage['plugin'] {
  return (loadProto(PROTO_FILES.goPlugin) as unknown as GoPluginPackage).plugin;
}

/** The gRPC health package (grpc.health.v1.Health) as loaded. */
export function healthPackage(): HealthPackage['grpc']['health']['v1'] {
  return (loadProto(PROTO_FILES.health) as unknown as HealthPackage).grpc.health.v1;
}

function healthImplementation(): HealthHandlers {
  return {
    Check: (call, callback) => {
      const name = call.request.service;
      if (name === '' || name === 'plugin') callback(null, { status: 'SERVING' });
      else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${name}` }, null);
    },
  };
}

function stdioImplementation(): GRPCStdioHandlers {
  // Logs go to stderr directly, so there is nothing to forward: end the stream at once.
  return { StreamStdio: (call) => call.end() };
}

function controllerImplementation(logger: Logger, onShutdownRequested: () => void): GRPCControllerHandlers {
  return {
    Shutdown: (_call, callback) => {
      logger.debug('Shutdown requested by Terraform');
      callback(null, {});
      // Answer first, then let the caller tear down once the response is on its way.
      setImmediate(onShutdownRequested);
    },
  };
}

function bind(server: grpc.Server, address: string, credentials: grpc.ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function stopServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, SHUTDOWN_GRACE_MS);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}

/** Starts the gRPC server on 127.0.0.1 with an OS-chosen port. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = new grpc.Server({
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    // Channelz (gRPC's own introspection service, which nothing here serves) traces every call and
    // session: ~5% of the provider's CPU time in the many small calls of a plan.
    'grpc.enable_channelz': 0,
  });
  const onShutdownRequested = options.onShutdownRequested ?? (() => undefined);
  server.addService(options.providerService, options.providerImplementation);
  const goPlugin = goPluginPackage();
  server.addService(
    goPlugin.GRPCController.service,
    controllerImplementation(options.logger, onShutdownRequested),
  );
  server.addService(goPlugin.GRPCStdio.service, stdioImplementation());
  server.addService(healthPackage().Health.service, healthImplementation());
  const port = await bind(server, `${LISTEN_HOST}:0`, options.credentials);
  options.logger.debug('Plugin server listening', { address: `${LISTEN_HOST}:${port}` });
  return { host: LISTEN_HOST, port, stop: () => stopServer(server) };
}

/**
 * Process rules for a plugin launched by Terraform: ignore SIGINT (Terraform forwards Ctrl-C to the
 * process group, then calls StopProvider itself), exit on SIGTERM, and exit when the parent goes
 * away (the process is re-parented, so ppid changes), so no orphan outlives Terraform.
 */
export function installPluginProcessRules(exit: (code: number) => void, logger: Logger): void {
  process.on('SIGINT', () => logger.debug('Ignoring SIGINT; Terraform calls StopProvider'));
  process.on('SIGTERM', () => exit(0));
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      logger.debug('Parent process is gone; exiting');
      exit(0);
    }
  }, PARENT_POLL_MS);
  timer.unref();
}

/** Stops `server` and exits; the exit happens even if a connection refuses to close. */
export function shutdownAndExit(server: RunningServer, exit: (code: number) => void): void {
  void server.stop().then(() => exit(0));
}
