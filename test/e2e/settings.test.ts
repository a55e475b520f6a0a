/**
 * Provider settings with the real terraform CLI: empty strings and out-of-range numbers written in
 * the provider block fail validation on their attribute, secrets in the endpoint URL never reach
 * the output or the logs, the endpoint's accepted base paths send the same requests (any other is
 * refused before a request), the User-Agent names this provider and Terraform's version, and a
 * server that accepts connections but never answers fails the plan with a timeout diagnostic
 * instead of hanging.
 */
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { flat, useSandboxSuite } from './harness';

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

  describe("the endpoint's base path", () => {
    /** A group of its own, with the endpoint written in the provider block. */
    function groupWithEndpoint(endpoint: string, name: string): string {
      return (
        providerBlock(`endpoint = "${endpoint}"`) + `resource "apono_group" "g" {\n  name = "${name}"\n}\n`
      );
    }

    it('GIVEN the endpoint as the host alone, with /, with /api and with /api/ WHEN each plans and applies a group THEN the sandbox sees the same requests', async () => {
      const seen: Record<string, string[]> = {};
      for (const [index, suffix] of ['', '/', '/api', '/api/'].entries()) {
        // GIVEN a configuration of its own with the endpoint in this form
        const tf = suite.workspace();
        tf.write(groupWithEndpoint(`${suite.sandbox.url}${suffix}`, `base-path-${index}`));
        await suite.sandbox.control.resetStats();

        // WHEN terraform plans and applies it
        const plan = await tf.plan();
        expect({ suffix, code: plan.code, stderr: plan.stderr }).toEqual({ suffix, code: 2, stderr: '' });
        await tf.apply();

        // (the requests the sandbox matched to its routes, by method and route)
        seen[suffix] = Object.keys(await suite.sandbox.control.stats()).sort();
      }

      // THEN every form sent the same requests, the group's creation among them
      expect(seen['']).toContain('POST /api/admin/v1/groups');
      expect(seen['/']).toEqual(seen['']);
      expect(seen['/api']).toEqual(seen['']);
      expect(seen['/api/']).toEqual(seen['']);
    });

    it('GIVEN the endpoint with /v1 in the provider block WHEN validated THEN terraform validate fails on endpoint and sends nothing', async () => {
      // GIVEN a base path that is not one of the accepted forms
      const tf = suite.workspace();
      tf.write(groupWithEndpoint(`${suite.sandbox.url}/v1`, 'base-path-v1'));
      await suite.sandbox.control.resetStats();

      // WHEN terraform validates the configuration
      const result = await tf.run(['validate', '-no-color']);

      // THEN it fails on the endpoint line, says which forms work, and the sandbox saw no request
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('Invalid endpoint');
      expect(result.stderr).toContain(`endpoint = "${suite.sandbox.url}/v1"`);
      expect(flat(result.stderr)).toContain('optionally followed by /, /api or /api/');
      expect(apiRequests(await suite.sandbox.control.stats())).toBe(0);
    });

    it('GIVEN APONO_ENDPOINT with /v1 WHEN planned THEN the plan fails on the endpoint, naming the env var, and sends nothing', async () => {
      // GIVEN the wrong base path in the environment (Terraform itself never sees it)
      const tf = suite.workspace({ APONO_ENDPOINT: `${suite.sandbox.url}/v1` });
      tf.write(userBlock('base-path-env@example.com'));
      await suite.sandbox.control.resetStats();

      // WHEN terraform plans
      const plan = await tf.plan();

      // THEN the plan fails once, on the endpoint, and the sandbox saw no request
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain('Invalid endpoint');
      expect(flat(plan.stderr)).toContain('has the path /v1');
      expect(flat(plan.stderr)).toContain('(set by APONO_ENDPOINT)');
      expect(apiRequests(await suite.sandbox.control.stats())).toBe(0);
    });
  });

  describe('the User-Agent', () => {
    it('GIVEN a plan WHEN the sandbox counts User-Agents THEN every request named this provider and the Terraform version that ran it', async () => {
      // GIVEN the version of the terraform binary on PATH, and this package's version
      const tf = suite.workspace();
      const version = JSON.parse((await tf.ok(['version', '-json'])).stdout) as { terraform_version: string };
      const packageVersion = (
        JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { version: string }
      ).version;
      tf.write(userBlock('user-agent@example.com'));
      await suite.sandbox.control.resetStats();

      // WHEN terraform plans a new user
      const plan = await tf.plan();
      expect(plan.code).toBe(2);

      // THEN the sandbox saw one User-Agent only: this provider's, with that Terraform's version
      expect(await suite.sandbox.control.userAgents()).toEqual({
        [`terraform-provider-apono-ts/${packageVersion} terraform/${version.terraform_version}`]:
          expect.any(Number),
      });
    });
  });

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
