/**
 * A scripted HTTP server on 127.0.0.1 (port chosen by the OS) for the client tests that need
 * answers the sandbox cannot give: unsupported endpoints, malformed bodies, hangs, echoes.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiUser } from '../helpers/api-objects';

/** A request as the fake server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** What the fake server does with a request. */
export type FakeReply =
  | { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | 'reset'
  | 'hang';

export interface FakeApi {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Highest number of requests in flight at once. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Starts a fake API answering every request with `handler`. */
export async function startFakeApi(handler: (request: SeenRequest) => FakeReply): Promise<FakeApi> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      const reply = handler(seen);
      if (reply === 'reset') return void req.socket.destroy();
      if (reply === 'hang') return;
      const body =
        reply.body === undefined
          ? ''
          : typeof reply.body === 'string'
            ? reply.body
            : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound by the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A valid v3 user body for fake answers. */
export function fakeUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...apiUser(), ...overrides };
}
