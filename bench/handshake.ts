/**
 * Benchmark of plugin startup (not a test; nothing is asserted). Spawns bin/terraform-provider-apono
 * the way Terraform does (go-plugin env, AutoMTLS client certificate) and measures the time from
 * spawn to the handshake line on stdout, then SIGKILLs the child. Rows, interleaved run by run:
 *   - AutoMTLS: PLUGIN_CLIENT_CERT set (the plugin generates its RSA key and certificate);
 *   - plaintext: no PLUGIN_CLIENT_CERT;
 *   - `node -e ""`: spawn to exit, the floor of any Node plugin.
 * Then a breakdown of startup phases, each measured in a fresh process (this file re-run with
 * --phases-child): Node boot, require time per dependency, .proto loading, key and certificate
 * generation, gRPC bind.
 * With `--plugin LABEL=PATH` (repeatable) the rows are timed for each executable given, interleaved
 * run by run (e.g. two builds, or bin/ against the bundle dist/bundle/terraform-provider-apono);
 * without it, for bin/terraform-provider-apono. `--phase-runs 0` skips the breakdown.
 * Usage: node dist/bench/handshake.js [--runs N] [--phase-runs N] [--plugin LABEL=PATH]...
 */
import { spawn } from 'node:child_process';
import { generateKeyPair, generateKeyPairSync } from 'node:crypto';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LabelledPlugin, pluginArgs } from './plugin-args';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PLUGIN = path.join(REPO_ROOT, 'bin', 'terraform-provider-apono');
const DEADLINE_MS = 15_000;
const HANDSHAKE = /^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc(\|[A-Za-z0-9+/]+)?$/;
const PHASES_CHILD_FLAG = '--phases-child';

const GO_PLUGIN_ENV = {
  TF_PLUGIN_MAGIC_COOKIE: 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2',
  PLUGIN_PROTOCOL_VERSIONS: '6',
  PLUGIN_MIN_PORT: '10000',
  PLUGIN_MAX_PORT: '25000',
};

function numberArg(name: string, fallback: number, min = 1): number {
  const index = process.argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} needs an integer >= ${min}`);
  return value;
}

/** An executable to time, with the label of its rows. */
type Plugin = LabelledPlugin;

/** The executables of the `--plugin LABEL=PATH` arguments, or bin/terraform-provider-apono alone. */
function pluginsToRun(argv: readonly string[]): Plugin[] {
  const plugins: Plugin[] = pluginArgs(argv);
  return plugins.length > 0 ? plugins : [{ label: 'plugin', path: PLUGIN }];
}

type Forge = typeof import('node-forge');

interface PemKeyPair {
  privateKey: string;
  publicKey: string;
}

function rsaKeyPair(): PemKeyPair {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A self-signed localhost certificate built and signed by forge, as provider/transport/tls.ts does. */
function forgeCertificatePem(forge: Forge, keys: PemKeyPair): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = '4a0b0c0d0e0f';
  cert.validity.notBefore = new Date(Date.now() - 30_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600 * 1000);
  const subject = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  // tls.ts also encodes the DER for the handshake line.
  forge.asn1.toDer(forge.pki.certificateToAsn1(cert));
  return forge.pki.certificateToPem(cert);
}

/** A PEM client certificate like the one Terraform passes in PLUGIN_CLIENT_CERT (made once). */
async function clientCertificatePem(): Promise<string> {
  const { default: forge } = await import('node-forge');
  return forgeCertificatePem(forge, rsaKeyPair());
}

/** Spawn-to-handshake-line time of one plugin launch; the child is SIGKILLed after the line. */
function timeHandshake(plugin: string, env: NodeJS.ProcessEnv, expectTls: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(plugin, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let elapsed: number | null = null;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no handshake within ${DEADLINE_MS} ms; stderr: ${stderr}`));
    }, DEADLINE_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (elapsed !== null) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      elapsed = performance.now() - started;
      child.kill('SIGKILL');
      const line = stdout.slice(0, newline);
      const match = HANDSHAKE.exec(line);
      if (match === null || (match[1] !== undefined) !== expectTls) {
        clearTimeout(timer);
        reject(new Error(`unexpected handshake line ${JSON.stringify(line.slice(0, 120))}`));
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (elapsed === null) reject(new Error(`plugin exited (code ${code}, signal ${signal}): ${stderr}`));
      else resolve(elapsed);
    });
  });
}

/** Spawn-to-exit time of `node -e ""`. */
function timeNodeExit(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`node -e exited ${code}`)),
    );
  });
}

interface Summary {
  median: number;
  p90: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

const ms = (value: number): string => value.toFixed(1);

// ---- Phase breakdown: runs in a fresh process per sample ----

type Phases = Record<string, number>;

async function measurePhases(): Promise<Phases> {
  const phases: Phases = {};
  // Time from process start (timeOrigin) to the first line of this script: Node's own boot.
  phases['node boot (to first line of script)'] = performance.now();
  let last = performance.now();
  const mark = (name: string): void => {
    const now = performance.now();
    phases[name] = now - last;
    last = now;
  };
  await import('@grpc/grpc-js');
  mark('require @grpc/grpc-js');
  await import('@grpc/proto-loader');
  mark('require @grpc/proto-loader (protobufjs)');
  await import('node-forge');
  mark('require node-forge (the bench only; the provider no longer loads it)');
  await import('axios');
  mark('require axios');
  await import('ajv');
  await import('ajv/dist/2019');
  await import('ajv/dist/2020');
  await import('ajv-formats');
  mark('require ajv (+2019, 2020, formats)');
  await import('@msgpack/msgpack');
  mark('require @msgpack/msgpack');
  const { aponoProvider } = await import('../provider/provider');
  const { serve } = await import('../provider/transport/serve');
  const proto = await import('../provider/protocol/proto');
  const tls = await import('../provider/transport/tls');
  mark('require provider modules (own code)');
  proto.providerServiceDefinition();
  mark('load tfplugin6.proto (protobufjs loadSync + service definitions)');
  proto.loadProto(proto.PROTO_FILES.goPlugin);
  proto.loadProto(proto.PROTO_FILES.health);
  mark('load go-plugin.proto + health.proto');
  const { default: forge } = await import('node-forge');
  const keys = rsaKeyPair();
  mark('RSA-2048 keygen (generateKeyPairSync)');
  forgeCertificatePem(forge, keys);
  mark('forge: build + sign + DER/PEM certificate (RSA-2048, SHA-256)');
  await tls.generateServerCertificate();
  mark('generateServerCertificate() total (provider code: async keygen + DER layout + native sign)');
  generateKeyPairSync('ec', { namedCurve: 'P-256' });
  mark('(alternative) EC P-256 keygen');
  await new Promise<void>((resolve, reject) =>
    generateKeyPair('rsa', { modulusLength: 2048 }, (error) => (error ? reject(error) : resolve())),
  );
  mark('(alternative) async RSA-2048 keygen (threadpool, wall)');
  const served = await serve(aponoProvider, { reattach: true });
  mark('serve() plaintext: protos again + addService + bind');
  await served.stop();
  return phases;
}

async function phaseBreakdown(runs: number): Promise<Map<string, number[]>> {
  const samples = new Map<string, number[]>();
  for (let i = 0; i < runs; i++) {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [__filename, PHASES_CHILD_FLAG], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`phases child exited ${code}`)),
      );
    });
    const phases = JSON.parse(output) as Phases;
    for (const [name, value] of Object.entries(phases)) {
      const list = samples.get(name) ?? [];
      list.push(value);
      samples.set(name, list);
    }
  }
  return samples;
}

async function main(): Promise<void> {
  const runs = numberArg('--runs', 20);
  const phaseRuns = numberArg('--phase-runs', 7, 0);
  const plugins = pluginsToRun(process.argv);
  const clientCert = await clientCertificatePem();
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...GO_PLUGIN_ENV };
  const tlsEnv = { ...base, PLUGIN_CLIENT_CERT: clientCert };

  for (const plugin of plugins) {
    await timeHandshake(plugin.path, tlsEnv, true);
    await timeHandshake(plugin.path, base, false);
  }
  await timeNodeExit();
  const tlsSamples = plugins.map((): number[] => []);
  const plainSamples = plugins.map((): number[] => []);
  const nodeSamples: number[] = [];
  for (let i = 0; i < runs; i++) {
    for (const [index, plugin] of plugins.entries()) {
      tlsSamples[index]!.push(await timeHandshake(plugin.path, tlsEnv, true));
      plainSamples[index]!.push(await timeHandshake(plugin.path, base, false));
    }
    nodeSamples.push(await timeNodeExit());
    process.stderr.write(`\rrun ${i + 1}/${runs}`);
  }
  process.stderr.write('\n');

  const node = summarize(nodeSamples);
  const rows: Array<[string, Summary]> = [
    ...plugins.flatMap((plugin, index): Array<[string, Summary]> => [
      [`${plugin.label}, AutoMTLS (PLUGIN_CLIENT_CERT)`, summarize(tlsSamples[index]!)],
      [`${plugin.label}, plaintext (no client cert)`, summarize(plainSamples[index]!)],
    ]),
    ['node -e "" (spawn to exit)', node],
  ];
  console.log(`Handshake: spawn to handshake line, ${runs} runs each (ms)\n`);
  console.log('| row | median | p90 | min | max | median / node -e |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, s] of rows) {
    const ratio = (s.median / node.median).toFixed(1);
    console.log(`| ${label} | ${ms(s.median)} | ${ms(s.p90)} | ${ms(s.min)} | ${ms(s.max)} | ${ratio}x |`);
  }

  if (phaseRuns === 0) return;
  const phases = await phaseBreakdown(phaseRuns);
  console.log(`\nStartup phases, in-process marks, median of ${phaseRuns} fresh processes (ms)\n`);
  console.log('| phase | median | min | max |');
  console.log('|---|---|---|---|');
  for (const [name, values] of phases) {
    const s = summarize(values);
    console.log(`| ${name} | ${ms(s.median)} | ${ms(s.min)} | ${ms(s.max)} |`);
  }
}

if (process.argv.includes(PHASES_CHILD_FLAG)) {
  measurePhases().then(
    (phases) => {
      process.stdout.write(`${JSON.stringify(phases)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
