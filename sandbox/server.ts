/**
 * The sandbox HTTP server on node:http, bound to 127.0.0.1 only. Every request but `GET /` (the
 * Identities page) is authenticated, authenticated `/api/` requests are counted and may meet
 * injected faults, and handlers run synchronously, so writes are serialised and each is durable
 * (journal + fsync) before its response is sent. Malformed requests get a 4xx JSON answer
 * (sandbox/http-input.ts), never a 500.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SandboxHttpError, badRequest, notFound, UNAUTHORIZED_BODY } from './errors';
import { Faults } from './faults';
import type { ControlState } from './handlers/control';
import {
  MAX_BODY_BYTES,
  checkDeclaredLength,
  clientErrorAnswer,
  parseJsonBody,
  parseRequestTarget,
  payloadTooLarge,
  rawErrorAnswer,
} from './http-input';
import { Journal } from './journal';
import { isIdentitiesPageRequest, sendIdentitiesPage } from './page/identities-page';
import type { Mutation } from './model';
import { buildRoutes, type RouteOptions } from './routes';
import { matchRoute, type Reply, type Route, type RouteMatch } from './router';
import { readSeedFile, seedMutations } from './seed';
import { RequestStats } from './stats';
import { Store } from './store';

const HOST = '127.0.0.1';

/** How to start a sandbox. */
export interface SandboxOptions {
  /** The bearer token every request must present. */
  token: string;
  /** TCP port on 127.0.0.1; 0 (the default) lets the OS choose. */
  port?: number;
  /** Directory for the journal; without it the sandbox keeps everything in memory only. */
  dataDir?: string;
  /** A seed file to preload when the store is empty. */
  seedFile?: string;
  /** Seed JSON to preload when the store is empty (in-process alternative to seedFile). */
  seed?: unknown;
  /**
   * Serve the user-write extension (default true). false answers its probe and its four user
   * writes 404, as an Apono tenant without the extension does.
   */
  userWrites?: boolean;
  /** With dataDir: compact the journal while running once it exceeds max(this, twice its compacted size). */
  compactThresholdBytes?: number;
  /** Where to report background events (online journal compactions); silent by default. */
  log?: (message: string) => void;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:43117`. */
  url: string;
  port: number;
  /** Stops accepting requests, drops open connections and closes the journal. */
  close(): Promise<void>;
}

function send(res: http.ServerResponse, reply: Reply): void {
  // A socket that is no longer writable has been answered already (e.g. a parse error mid-body).
  if (res.headersSent || res.destroyed || res.socket?.writable === false) return;
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(payload);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Whether the Authorization header carries exactly `Bearer <token>` (compared in constant time). */
export function isAuthorized(header: string | undefined, token: string): boolean {
  if (header === undefined) return false;
  const given = Buffer.from(header, 'utf8');
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Reads a request body of at most MAX_BODY_BYTES. Past that it stops keeping the bytes and fails
 * with a 413 that closes the connection: the answer goes out first, then node:http closes.
 */
function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const keep = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off('data', keep);
        reject(payloadTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', keep);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => reject(badRequest('the request body ended before it was complete')));
  });
}

/** The request pipeline, separate from the socket plumbing. */
class SandboxApp {
  private readonly routes: Route[];

  constructor(
    private readonly state: ControlState,
    private readonly token: string,
    options: RouteOptions,
  ) {
    this.routes = buildRoutes(state, options);
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    // Faults of the HTTP message itself concern no resource: answered before authentication.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      throw badRequest('an HTTP/1.1 request needs a Host header');
    }
    const target = parseRequestTarget(req.url ?? '/');
    checkDeclaredLength(req.headers['content-length']);
    // The Identities page holds no data (its script calls the API with the token), so it needs none.
    if (isIdentitiesPageRequest(method, target.path)) return sendIdentitiesPage(res);
    const isApi = target.path.startsWith('/api/');
    let match: RouteMatch;
    let badPath: SandboxHttpError | null = null;
    try {
      match = matchRoute(this.routes, method, target.path);
    } catch (error) {
      // Bad percent-encoding: answered after authentication, so strangers still just see 401.
      if (!(error instanceof SandboxHttpError)) throw error;
      match = { kind: 'none' };
      badPath = error;
    }
    if (!isAuthorized(req.headers.authorization, this.token)) {
      return send(res, { status: 401, body: UNAUTHORIZED_BODY });
    }
    if (isApi && match.kind !== 'none') {
      const template = match.kind === 'found' ? match.route.template : match.template;
      this.state.stats.count(method, template, req.headers['user-agent'] ?? '');
    }
    if (badPath) throw badPath;
    if (isApi && !(await this.passFaults(req, res))) return;
    if (match.kind === 'none') throw notFound(`no such endpoint: ${method} ${target.path}`);
    if (match.kind === 'wrong-method') {
      throw new SandboxHttpError(
        405,
        { message: `${method} is not allowed on ${match.template}`, code: 'MethodNotAllowed' },
        { allow: match.allowed.join(', ') },
      );
    }
    // Expect: 100-continue is granted only now, so a refused request never has its body sent.
    if (req.headers.expect?.toLowerCase() === '100-continue') res.writeContinue();
    const body = parseJsonBody(await readBody(req), req.headers['content-type']);
    const reply = match.route.handler({ params: match.params, query: target.query, body });
    if (isApi && this.state.faults.losesAnswer(method, reply.status)) {
      // The write is applied and durable; the client just never hears so.
      this.state.stats.countFault('lost_answer');
      req.socket.destroy();
      return;
    }
    send(res, reply);
  }

  /** Applies latency and the fault decision; false when the request has been answered or dropped. */
  private async passFaults(req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const { latency_ms } = this.state.faults.current;
    if (latency_ms > 0) await sleep(latency_ms);
    const decision = this.state.faults.decide(Date.now());
    switch (decision.kind) {
      case 'pass':
        return true;
      case 'reset':
        this.state.stats.countFault('reset');
        req.socket.destroy();
        return false;
      case 'rate-limited':
        this.state.stats.countFault('429');
        send(res, {
          status: 429,
          body: { message: 'rate limit exceeded (injected by the sandbox)' },
          headers: { 'retry-after': String(decision.retryAfterSeconds) },
        });
        return false;
      case 'error':
        this.state.stats.countFault('503');
        send(res, { status: 503, body: { message: 'service unavailable (injected by the sandbox)' } });
        return false;
    }
  }
}

function loadSeed(options: SandboxOptions, now: Date): Mutation[] {
  if (options.seedFile !== undefined) return readSeedFile(options.seedFile, now);
  if (options.seed !== undefined) return seedMutations(options.seed, now);
  return [];
}

/** Starts a sandbox on 127.0.0.1 and resolves once it is listening. */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  if (options.token === '') throw new Error('a token is required');
  const store = new Store();
  if (options.dataDir !== undefined) Journal.replay(options.dataDir, store);
  // The seed goes straight into the store; with --data, the compaction in Journal.open then
  // persists it atomically (one rename), instead of one fsync per seeded user.
  if (store.isEmpty()) loadSeed(options, new Date()).forEach((mutation) => store.apply(mutation));
  const journal =
    options.dataDir === undefined
      ? null
      : Journal.open(options.dataDir, store, {
          compactThresholdBytes: options.compactThresholdBytes,
          log: options.log,
        });
  // Durable first: if the journal cannot take it, the store does not change and the client gets a 500.
  const commit = (mutation: Mutation): void => (journal ? journal.commit(mutation) : store.apply(mutation));
  const state: ControlState = {
    store,
    commit,
    now: () => new Date(),
    faults: new Faults(),
    stats: new RequestStats(),
  };
  const app = new SandboxApp(state, options.token, { userWrites: options.userWrites ?? true });
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    app.handle(req, res).catch((error: unknown) => {
      if (error instanceof SandboxHttpError)
        return send(res, { status: error.status, body: error.body, headers: error.headers });
      send(res, { status: 500, body: { message: `internal sandbox error: ${(error as Error).message}` } });
    });
  };
  // The Host check is the app's, so that its answer is JSON like every other.
  const server = http.createServer({ requireHostHeader: false }, onRequest);
  server.on('checkContinue', onRequest);
  server.on('clientError', (error: Error & { code?: string; reason?: string }, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    socket.end(rawErrorAnswer(clientErrorAnswer(error.code, error.reason)));
  });
  server.on('connect', (_req: http.IncomingMessage, socket: Duplex) => {
    socket.end(rawErrorAnswer(badRequest('CONNECT is not served: the sandbox is no proxy')));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    journal?.close();
    throw error;
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${HOST}:${port}`,
    port,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).finally(() => journal?.close());
      return closing;
    },
  };
}
