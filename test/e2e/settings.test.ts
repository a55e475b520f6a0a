/**
 * Provider settings with the real terraform CLI: empty strings and out-of-range numbers written in
 * the provider block fail validation on their attribute, secrets in the endpoint URL never reach
 * the output or the logs, and a server that accepts connections but never answers fails the plan
 * with a timeout diagnostic instead of hanging.
 */
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { useSandboxSuite } from './harness';

// Each step runs the real terraform binary (several provider launches): allow for a loaded machine.
jest.setTimeout(180_000);

/** An apono_user block of its own, so a plan has something to ask the API about. */
function userBlock(email: string): string {
  return `resource "apono_user" "someone" {
  email     = "${email}"
  full_name = "Settings Test"
}
`;
}

/** A provider block with the given attribute lines. */
function providerBlock(...lines: string[]): string {
  return `provider "apono" {\n${lines.map((line) => `  ${line}\n`).join('')}}\n\n`;
}

/** Requests the sandbox received under /api/ (reads and writes) since the last stats reset. */
function apiRequests(stats: Record<string, number>): number {
  return Object.entries(stats)
    .filter(([route]) => /^[A-Z]+ \/api\//.test(route))
    .reduce((sum, [, count]) => sum + count, 0);
}

describe('provider settings with the real terraform CLI', () => {
  const suite = useSandboxSuite();

  it.each([
    ['endpoint', 'endpoint = ""'],
    ['personal_token', 'personal_token = ""'],
  ])(
    'GIVEN %s = "" in the provider block WHEN validated THEN terraform validate fails on that attribute',
    async (attribute, line) => {
      // GIVEN an empty string in the provider block (the env vars hold usable values)
      const tf = suite.workspace();
      tf.write(providerBlock(line) + userBlock(`empty-${attribute}@example.com`));

      // WHEN terraform validates the configuration
      const result = await tf.run(['validate', '-no-color']);

      // THEN it fails, and the diagnostic points at the attribute's line
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(line);
      expect(result.stderr).toContain(`Invalid ${attribute}`);
    },
  );

  it('GIVEN endpoint = "" in the provider block WHEN planned THEN the plan fails and nothing is sent to the API', async () => {
    // GIVEN an empty endpoint in the block and a usable APONO_ENDPOINT (the sandbox)
    const tf = suite.workspace();
    tf.write(providerBlock('endpoint = ""') + userBlock('empty-endpoint-plan@example.com'));
    await suite.sandbox.control.resetStats();

    // WHEN terraform plans
    const plan = await tf.plan();

    // THEN the plan fails on endpoint and the sandbox saw no API request
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('endpoint = ""');
    expect(apiRequests(await suite.sandbox.control.stats())).toBe(0);
  });

  it('GIVEN request_timeout = 1000000000 WHEN validated THEN terraform validate fails on request_timeout', async () => {
    // GIVEN a timeout whose milliseconds overflow a Node timer
    const tf = suite.workspace();
    tf.write(providerBlock('request_timeout = 1000000000') + userBlock('huge-timeout@example.com'));

    // WHEN terraform validates the configuration
    const result = await tf.run(['validate', '-no-color']);

    // THEN it fails on that line
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('request_timeout = 1000000000');
    expect(result.stderr).toContain('Invalid request_timeout');
  });

  const SECRET = 'hunter2SecretInUrl_8d1e';
  it.each([
    ['a password in the userinfo of a URL that does not parse', `https://apono:${SECRET}@127.0.0.1:99999/`],
    ['a password in the userinfo of a valid URL', `http://apono:${SECRET}@127.0.0.1:1/`],
    ['a token in the query', `https://127.0.0.1:1/?token=${SECRET}`],
    ['a token in the fragment', `https://127.0.0.1:1/#${SECRET}`],
  ])(
    'GIVEN an endpoint with %s WHEN planned at TF_LOG=trace THEN neither the output nor the log shows it',
    async (_name, endpoint) => {
      // GIVEN the endpoint in APONO_ENDPOINT (Terraform itself never sees it)
      const tf = suite.workspace({ APONO_ENDPOINT: endpoint });
      tf.write(userBlock('secret-url@example.com'));

      // WHEN terraform plans with every log line on
      const plan = await tf.run(['plan', '-no-color'], { TF_LOG: 'trace' });

      // THEN the endpoint is refused, and no byte of output carries the secret
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain('Invalid endpoint');
      expect(plan.stdout + plan.stderr).not.toContain(SECRET);
    },
  );

  describe('a server that accepts connections and never answers', () => {
    let server: net.Server;
    const sockets: net.Socket[] = [];
    let endpoint = '';

    beforeAll(async () => {
      server = net.createServer((socket) => {
        // Hold the connection open and say nothing.
        sockets.push(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => server.close(resolve));
    });

    it('GIVEN small timeouts in the env vars WHEN planned THEN the plan fails with a timeout diagnostic naming the endpoint', async () => {
      // GIVEN 1 s per attempt and 2 s per operation
      const tf = suite.workspace({
        APONO_ENDPOINT: endpoint,
        APONO_REQUEST_TIMEOUT: '1',
        APONO_OPERATION_TIMEOUT: '2',
      });
      tf.write(userBlock('hung-server@example.com'));

      // WHEN terraform plans a new user (which looks the email up)
      const plan = await tf.plan();

      // THEN the plan fails with a diagnostic that says what happened and where
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(`No response from ${endpoint}`);
      expect(plan.stderr).toMatch(/gave up after \d+ attempts? in 2 s/);
      expect(sockets.length).toBeGreaterThan(0);
    });
  });
});
