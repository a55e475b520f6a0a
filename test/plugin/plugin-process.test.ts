/**
 * The built executable (bin/terraform-provider-apono -> dist) launched the way Terraform launches
 * it: magic cookie, protocol versions and a client certificate for AutoMTLS.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { providerClientConstructor } from '../../provider/protocol/proto';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/transport/handshake';
import { goPluginPackage, healthPackage } from '../../provider/transport/server';
import { generateServerCertificate } from '../../provider/transport/tls';
import { SentResponseOf } from '../helpers/wire';
import { TerraformWorkspace, terraformWorkspace } from './terraform-cli';

const BIN = path.join(__dirname, '..', '..', 'bin', 'terraform-provider-apono');
const DEADLINE_MS = 20_000;

interface Exited {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the plugin to its exit; one still running at the deadline is killed (code null). */
function runToExit(env: NodeJS.ProcessEnv): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Resolves with the first stdout line, or rejects when the process exits or the deadline passes. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`no handshake within ${DEADLINE_MS} ms: ${stderr}`)),
      DEADLINE_MS,
    );
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(buffered.slice(0, newline));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`plugin exited with ${code} before the handshake: ${stderr}`));
    });
  });
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

function unary<T>(client: grpc.Client, method: string, request: object): Promise<T> {
  type UnaryMethod = (
    request: object,
    options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response: T) => void,
  ) => void;
  const call = (client as unknown as Record<string, UnaryMethod>)[method]!;
  return new Promise((resolve, reject) => {
    call.call(
      client,
      request,
      { deadline: Date.now() + DEADLINE_MS },
      (error: grpc.ServiceError | null, response: T) => (error ? reject(error) : resolve(response)),
    );
  });
}

function pluginEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[MAGIC_COOKIE_KEY];
  delete env['PLUGIN_CLIENT_CERT'];
  return { ...env, ...extra };
}

describe('GIVEN the plugin executable started without the magic cookie', () => {
  test('WHEN it runs THEN it exits 1 with a human message on stderr and nothing on stdout', async () => {
    const result = await runToExit(pluginEnv({}));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('This binary is a plugin');
  });
});

describe('GIVEN the plugin executable started by Terraform with a PLUGIN_CLIENT_CERT that is not a certificate', () => {
  test.each([
    { what: 'plain text', cert: 'not a certificate' },
    {
      what: 'a PEM block with a broken body',
      cert: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    },
    {
      what: 'a PEM private key',
      cert: '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n',
    },
  ])(
    'WHEN it starts with $what THEN it exits 1 with a one-line error on stderr and no handshake on stdout',
    async ({ cert }) => {
      const result = await runToExit(
        pluginEnv({
          [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
          PLUGIN_PROTOCOL_VERSIONS: '6',
          PLUGIN_MIN_PORT: '10000',
          PLUGIN_MAX_PORT: '25000',
          PLUGIN_CLIENT_CERT: cert,
        }),
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^[^\n]*PLUGIN_CLIENT_CERT is not a PEM certificate: [^\n]+\n$/);
    },
  );
});

describe('GIVEN the plugin executable started by Terraform with AutoMTLS', () => {
  let clientCert: Awaited<ReturnType<typeof generateServerCertificate>>;
  let child: ChildProcess;
  let handshake: string[];
  let serverCertPem: string;
  const clients: grpc.Client[] = [];

  function providerClient(withClientCert: boolean): grpc.Client {
    const credentials = withClientCert
      ? grpc.credentials.createSsl(
          Buffer.from(serverCertPem),
          Buffer.from(clientCert.keyPem),
          Buffer.from(clientCert.certPem),
        )
      : grpc.credentials.createSsl(Buffer.from(serverCertPem));
    const Provider = providerClientConstructor();
    // Terraform (Go) verifies the server as "localhost", the certificate's DNS SAN.
    const client = new Provider(handshake[3]!, credentials, { 'grpc.ssl_target_name_override': 'localhost' });
    clients.push(client);
    return client;
  }

  beforeAll(async () => {
    clientCert = await generateServerCertificate();
    child = spawn(process.execPath, [BIN], {
      env: pluginEnv({
        [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
        PLUGIN_PROTOCOL_VERSIONS: '5,6',
        PLUGIN_MIN_PORT: '10000',
        PLUGIN_MAX_PORT: '25000',
        PLUGIN_CLIENT_CERT: clientCert.certPem,
      }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    handshake = (await firstLine(child)).split('|');
    serverCertPem = new X509Certificate(Buffer.from(handshake[5]!, 'base64')).toString();
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  });

  test('WHEN it starts THEN the handshake line announces protocol 6 over gRPC on 127.0.0.1 with a certificate', () => {
    expect(handshake.slice(0, 3)).toEqual(['1', '6', 'tcp']);
    expect(handshake[3]).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(handshake[4]).toBe('grpc');
    expect(handshake[5]).toMatch(/^[A-Za-z0-9+/]+$/);
  });

  test('WHEN reading the certificate THEN it is a localhost CA usable for server and client auth', () => {
    const cert = new X509Certificate(serverCertPem);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toContain('DNS:localhost');
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
  });

  test('WHEN a client presents the Terraform client certificate THEN GetProviderSchema succeeds', async () => {
    const response = await unary<SentResponseOf<'GetProviderSchema'>>(
      providerClient(true),
      'GetProviderSchema',
      {},
    );
    expect(response.diagnostics).toEqual([]);
    expect(response.provider?.block).toBeDefined();
  });

  test('WHEN a client connects without a client certificate THEN the call fails', async () => {
    await expect(unary(providerClient(false), 'GetProviderSchema', {})).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });

  test('WHEN Terraform asks for resource identity schemas (TF >= 1.12) THEN the answer is UNIMPLEMENTED', async () => {
    const client = providerClient(true);
    const passThrough = (value: Buffer): Buffer => value;
    await expect(
      new Promise((resolve, reject) =>
        client.makeUnaryRequest(
          '/tfplugin6.Provider/GetResourceIdentitySchemas',
          passThrough,
          passThrough,
          Buffer.alloc(0),
          { deadline: Date.now() + DEADLINE_MS },
          (error, value) => (error ? reject(error) : resolve(value)),
        ),
      ),
    ).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  test('WHEN go-plugin checks health THEN service "plugin" is SERVING', async () => {
    const { Health } = healthPackage();
    const client = new Health(
      handshake[3]!,
      grpc.credentials.createSsl(
        Buffer.from(serverCertPem),
        Buffer.from(clientCert.keyPem),
        Buffer.from(clientCert.certPem),
      ),
      { 'grpc.ssl_target_name_override': 'localhost' },
    );
    clients.push(client);
    await expect(unary(client, 'Check', { service: 'plugin' })).resolves.toEqual({ status: 'SERVING' });
  });

  test('WHEN the process gets SIGINT THEN it keeps serving (Terraform calls StopProvider instead)', async () => {
    child.kill('SIGINT');
    const response = await unary<SentResponseOf<'StopProvider'>>(providerClient(true), 'StopProvider', {});
    expect(response.Error).toBe('');
    expect(child.exitCode).toBeNull();
  });

  test('WHEN Terraform calls GRPCController.Shutdown THEN the plugin answers and exits 0', async () => {
    const { GRPCController } = goPluginPackage();
    const client = new GRPCController(
      handshake[3]!,
      grpc.credentials.createSsl(
        Buffer.from(serverCertPem),
        Buffer.from(clientCert.keyPem),
        Buffer.from(clientCert.certPem),
      ),
      { 'grpc.ssl_target_name_override': 'localhost' },
    );
    clients.push(client);
    const exited = exitOf(child);
    await expect(unary(client, 'Shutdown', {})).resolves.toEqual({});
    expect(await exited).toBe(0);
  });
});

describe('GIVEN terraform launching the built executable itself through dev_overrides (Go AutoMTLS client)', () => {
  const address = 'terraform.local/apono/apono';
  let workspace: TerraformWorkspace;

  beforeAll(() => {
    const binDir = path.dirname(BIN);
    workspace = terraformWorkspace(
      {},
      `provider_installation {\n  dev_overrides {\n    "${address}" = "${binDir}"\n  }\n  direct {}\n}\n`,
    );
    workspace.writeConfig(
      `terraform {\n  required_providers {\n    apono = { source = "${address}" }\n  }\n}\n`,
    );
  });

  afterAll(() => workspace.remove());

  test('WHEN asking for the provider schema without init THEN terraform handshakes over mTLS and prints it', async () => {
    const result = await workspace.run('providers', 'schema', '-json');
    expect(result.code).toBe(0);
    const schemas = JSON.parse(result.stdout) as { provider_schemas: Record<string, { provider: object }> };
    expect(schemas.provider_schemas[address]?.provider).toBeDefined();
  });
});

describe('GIVEN the plugin started by a parent that dies', () => {
  test('WHEN the parent is killed THEN the plugin exits on its own (no orphan outlives Terraform)', async () => {
    // The parent starts the plugin as Terraform would, prints the plugin's pid after the handshake
    // line, then waits; SIGKILL leaves the plugin re-parented.
    const parentScript = `
      const { spawn } = require('node:child_process');
      const plugin = spawn(process.execPath, [${JSON.stringify(BIN)}], {
        env: { ...process.env, ${JSON.stringify(MAGIC_COOKIE_KEY)}: ${JSON.stringify(MAGIC_COOKIE_VALUE)}, PLUGIN_PROTOCOL_VERSIONS: '6' },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      plugin.stdout.once('data', () => process.stdout.write(plugin.pid + '\\n'));
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', parentScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pluginPid = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no handshake from the plugin')), DEADLINE_MS);
      parent.stdout!.once('data', (chunk: Buffer) => {
        clearTimeout(timer);
        resolve(Number(chunk.toString().trim()));
      });
    });
    // Alive = exists and is not a zombie waiting for whoever adopted it to reap it.
    const alive = (pid: number): boolean => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
      } catch {
        return false;
      }
    };
    expect(alive(pluginPid)).toBe(true);
    parent.kill('SIGKILL');
    const deadline = Date.now() + DEADLINE_MS;
    while (alive(pluginPid) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const survived = alive(pluginPid);
    if (survived) process.kill(pluginPid, 'SIGKILL');
    expect(survived).toBe(false);
  });
});
