/**
 * The gRPC server Terraform talks to: tfplugin6.Provider plus the go-plugin side services
 * (controller, stdio, health), on 127.0.0.1 with a port chosen by the OS.
 */
import * as grpc from '@grpc/grpc-js';
import { Logger } from '../framework/types';
import { loadProto } from '../protocol/proto';

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

function service(relativePath: string, qualifiedName: string): grpc.ServiceDefinition {
  let node: grpc.GrpcObject | grpc.ServiceClientConstructor = loadProto(relativePath);
  for (const part of qualifiedName.split('.')) node = (node as grpc.GrpcObject)[part] as grpc.GrpcObject;
  return (node as unknown as grpc.ServiceClientConstructor).service;
}

type Unary = grpc.handleUnaryCall<unknown, object>;

function healthImplementation(): grpc.UntypedServiceImplementation {
  const check: grpc.handleUnaryCall<{ service: string }, object> = (call, callback) => {
    const name = call.request.service;
    if (name === '' || name === 'plugin') callback(null, { status: 'SERVING' });
    else callback({ code: grpc.status.NOT_FOUND, details: `unknown service ${name}` }, null);
  };
  return { Check: check as Unary };
}

function stdioImplementation(): grpc.UntypedServiceImplementation {
  // Logs go to stderr directly, so there is nothing to forward: end the stream at once.
  const streamStdio: grpc.handleServerStreamingCall<unknown, object> = (call) => call.end();
  return { StreamStdio: streamStdio };
}

function controllerImplementation(
  logger: Logger,
  onShutdownRequested: () => void,
): grpc.UntypedServiceImplementation {
  const shutdown: Unary = (_call, callback) => {
    logger.debug('Shutdown requested by Terraform');
    callback(null, {});
    // Answer first, then let the caller tear down once the response is on its way.
    setImmediate(onShutdownRequested);
  };
  return { Shutdown: shutdown };
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
  });
  const onShutdownRequested = options.onShutdownRequested ?? (() => undefined);
  server.addService(options.providerService, options.providerImplementation);
  server.addService(
    service('provider/transport/go-plugin.proto', 'plugin.GRPCController'),
    controllerImplementation(options.logger, onShutdownRequested),
  );
  server.addService(service('provider/transport/go-plugin.proto', 'plugin.GRPCStdio'), stdioImplementation());
  server.addService(
    service('provider/transport/health.proto', 'grpc.health.v1.Health'),
    healthImplementation(),
  );
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
