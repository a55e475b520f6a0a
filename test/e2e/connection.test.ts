/**
 * What a plan shows when the provider cannot use the API (issue 7, defect 4): the actionable
 * diagnostic apply gives, once per run, from plan and refresh alike, never "Unexpected error".
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { flat, useSandboxSuite } from './harness';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

// The provider block is empty (settings come from the environment); with it, Terraform points at it.
const THREE_USERS = `provider "apono" {}\n${['one', 'two', 'three']
  .map(
    (name) =>
      `resource "apono_user" "${name}" {\n  email     = "conn-${name}@example.com"\n  full_name = "Conn ${name}"\n}\n`,
  )
  .join('')}`;

/** A server on 127.0.0.1 that answers every request with `status` and a JSON body. */
async function answeringServer(status: number, body: unknown): Promise<http.Server> {
  const server = http.createServer((_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function urlOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: http.Server | undefined): Promise<void> {
  return new Promise((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
}

function errorCount(stderr: string): number {
  return (stderr.match(/Error: /g) ?? []).length;
}

describe('API failures during plan with the real terraform CLI', () => {
  const suite = useSandboxSuite();
  let forbidden: http.Server | undefined;
  let notFound: http.Server | undefined;
  let closedPort = 0;

  beforeAll(async () => {
    forbidden = await answeringServer(403, { message: 'token lacks the admin scope' });
    notFound = await answeringServer(404, { message: 'Not Found' });
    const closed = await answeringServer(200, {});
    closedPort = (closed.address() as AddressInfo).port;
    await close(closed);
  });

  afterAll(async () => {
    await close(forbidden);
    await close(notFound);
  });

  it('GIVEN a wrong token WHEN new users are planned THEN one error says Apono rejected the token', async () => {
    const tf = suite.workspace({ APONO_PERSONAL_TOKEN: 'aup_wrong' });
    tf.write(THREE_USERS);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Apono rejected the personal token');
    expect(result.stderr).not.toContain('Unexpected error');
    expect(errorCount(result.stderr)).toBe(1);
  });

  it('GIVEN managed users and a wrong token WHEN refreshed THEN one error, not one per resource', async () => {
    const tf = suite.workspace();
    tf.write(THREE_USERS.replace(/conn-/g, 'conn-refresh-'));
    await tf.apply();
    const result = await tf.run(['plan', '-no-color'], { APONO_PERSONAL_TOKEN: 'aup_wrong' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Apono rejected the personal token');
    expect(errorCount(result.stderr)).toBe(1);
    await tf.destroy();
  });

  it('GIVEN no provider block and a wrong token WHEN planned THEN the token error appears once', async () => {
    const tf = suite.workspace({ APONO_PERSONAL_TOKEN: 'aup_wrong' });
    tf.write(THREE_USERS.replace('provider "apono" {}\n', ''));
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr.match(/Apono rejected the personal token/g)).toHaveLength(1);
    // Terraform adds its own hint when a provider without a block fails to configure.
    expect(result.stderr).toContain('requires explicit configuration');
  });

  it('GIVEN an endpoint where nothing listens WHEN planned THEN one error says the endpoint cannot be reached', async () => {
    const tf = suite.workspace({ APONO_ENDPOINT: `http://127.0.0.1:${closedPort}` });
    tf.write(THREE_USERS);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot reach http://127.0.0.1:${closedPort}`);
    expect(flat(result.stderr)).toContain('connection refused');
    expect(result.stderr).not.toContain('Unexpected error');
    expect(errorCount(result.stderr)).toBe(1);
  });

  it('GIVEN a host that does not resolve WHEN planned THEN one error names the host', async () => {
    const tf = suite.workspace({ APONO_ENDPOINT: 'https://apono-e2e.invalid' });
    tf.write(THREE_USERS);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot resolve the host apono-e2e.invalid');
    expect(result.stderr).not.toContain('Unexpected error');
    expect(errorCount(result.stderr)).toBe(1);
  });

  it('GIVEN a token the API refuses with 403 WHEN planned THEN one error shows what Apono said', async () => {
    const tf = suite.workspace({ APONO_ENDPOINT: urlOf(forbidden!) });
    tf.write(THREE_USERS);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Apono refused the personal token');
    expect(flat(result.stderr)).toContain('token lacks the admin scope');
    expect(errorCount(result.stderr)).toBe(1);
  });

  it('GIVEN an endpoint with a wrong base path WHEN planned THEN one error on the endpoint, before any request', async () => {
    // A base path other than /api is refused by the settings check now: nothing reaches the sandbox.
    const tf = suite.workspace({ APONO_ENDPOINT: `${suite.sandbox.url}/not-the-api` });
    tf.write(THREE_USERS);
    await suite.sandbox.control.resetStats();
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid endpoint');
    expect(flat(result.stderr)).toContain('has the path /not-the-api');
    expect(errorCount(result.stderr)).toBe(1);
    expect(await suite.sandbox.control.stats()).toEqual({});
  });

  it('GIVEN an endpoint whose server has no Apono API WHEN planned THEN one error says it is not the Apono API', async () => {
    const tf = suite.workspace({ APONO_ENDPOINT: urlOf(notFound!) });
    tf.write(THREE_USERS);
    const result = await tf.plan();
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('does not serve the Apono API');
    expect(flat(result.stderr)).toContain(`${urlOf(notFound!)}/api/admin/v3/users`);
    expect(errorCount(result.stderr)).toBe(1);
  });
});
