/**
 * Benchmark of the sandbox (not a test; nothing is asserted). Runs the real CLI as a separate process
 * on loopback and measures, with 16 concurrent keep-alive clients for a bounded time each:
 *   - reads: GET /api/admin/v3/users?limit=100 with 1,000 users (invited through the API);
 *   - invites: POST /api/admin/v3/users in memory and with --data (journal + fsync per write);
 *   - with --data and 1,000 users, 8 clients renaming users (PATCH) beside 8 reading pages, without
 *     and with online compaction (--compact-threshold 64K: a compaction every ~1,000 writes), so the
 *     cost of compacting while serving shows in both the write and the read latencies;
 * then loads 100,000 users from a seed file and reports startup time, RSS and read throughput.
 * Usage: npm run bench:sandbox
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

const BIN = path.resolve(__dirname, '..', '..', 'bin', 'apono-sandbox');
const TOKEN = 'bench-token';
const CONCURRENCY = 16;
const DURATION_MS = 5_000;

interface Sandbox {
  url: URL;
  child: ChildProcess;
  /** Everything the sandbox printed on stderr (its compaction log lines, errors). */
  stderr(): string;
}

function startSandbox(extraArgs: string[]): Promise<Sandbox> {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--token', TOKEN, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 120 s')), 120_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)\n/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ url: new URL(match[1]), child, stderr: () => err });
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited early with code ${code}: ${err}`)));
  });
}

function stopSandbox(sandbox: Sandbox): Promise<void> {
  return new Promise((resolve) => {
    sandbox.child.once('exit', () => resolve());
    sandbox.child.kill('SIGTERM');
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function request(
  sandbox: Sandbox,
  method: string,
  requestPath: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: sandbox.url.hostname,
        port: sandbox.url.port,
        method,
        path: requestPath,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

interface Throughput {
  ok: number;
  failed: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
}

/** Runs `CONCURRENCY` loops of `call` for `DURATION_MS` and summarises. */
async function measure(call: (n: number) => Promise<number>): Promise<Throughput> {
  return (await measureMixed([call]))[0];
}

/** Runs `CONCURRENCY` loops for `DURATION_MS`, shared evenly between `calls`; one summary per call. */
async function measureMixed(calls: Array<(n: number) => Promise<number>>): Promise<Throughput[]> {
  return Promise.all(calls.map((call) => measureSome(call, CONCURRENCY / calls.length)));
}

async function measureSome(call: (n: number) => Promise<number>, workers: number): Promise<Throughput> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let counter = 0;
  const started = performance.now();
  const deadline = started + DURATION_MS;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const status = await call(counter++).catch(() => 0);
      latencies.push(performance.now() - t0);
      if (status >= 200 && status < 300) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const quantile = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok, failed, perSecond: ok / elapsed, p50ms: quantile(0.5), p99ms: quantile(0.99) };
}

function invitation(email: string): Record<string, unknown> {
  return { email, first_name: 'Bench', last_name: 'User', roles: ['Grantee'] };
}

async function inviteMany(sandbox: Sandbox, prefix: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += CONCURRENCY) {
    const batch = Array.from({ length: Math.min(CONCURRENCY, count - start) }, (_, i) =>
      request(sandbox, 'POST', '/api/admin/v3/users', invitation(`${prefix}${start + i}@example.com`)),
    );
    for (const response of await Promise.all(batch)) {
      if (response.status !== 201) throw new Error(`invite failed: ${response.status} ${response.text}`);
    }
  }
}

function readUsers(sandbox: Sandbox): () => Promise<number> {
  return async () => (await request(sandbox, 'GET', '/api/admin/v3/users?limit=100')).status;
}

function invites(sandbox: Sandbox, prefix: string): (n: number) => Promise<number> {
  return async (n) =>
    (await request(sandbox, 'POST', '/api/admin/v3/users', invitation(`${prefix}${n}@example.com`))).status;
}

/** Renames the `n`-th of `ids` (round robin): a write that does not grow the store. */
function renames(sandbox: Sandbox, ids: string[]): (n: number) => Promise<number> {
  return async (n) =>
    (
      await request(sandbox, 'PATCH', `/api/admin/v3/users/${ids[n % ids.length]}`, {
        last_name: `Renamed${n}`,
      })
    ).status;
}

async function userIds(sandbox: Sandbox): Promise<string[]> {
  const page = JSON.parse((await request(sandbox, 'GET', '/api/admin/v3/users?limit=1000')).text) as {
    items: Array<{ id: string }>;
  };
  return page.items.map((user) => user.id);
}

/** Whether this build of the sandbox knows `--compact-threshold` (the baseline may predate it). */
function supportsOnlineCompaction(): boolean {
  return spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' }).stdout.includes(
    '--compact-threshold',
  );
}

/** Renames beside reads with --data and 1,000 users; `extraArgs` may turn online compaction on. */
async function renamesBesideReads(
  dataDir: string,
  extraArgs: string[],
): Promise<[Throughput, Throughput, number]> {
  const sandbox = await startSandbox(['--data', dataDir, ...extraArgs]);
  await inviteMany(sandbox, 'mixed', 1_000);
  const ids = await userIds(sandbox);
  const [writes, reads] = await measureMixed([renames(sandbox, ids), readUsers(sandbox)]);
  await stopSandbox(sandbox);
  const compactions = (sandbox.stderr().match(/compacted the journal/g) ?? []).length;
  return [writes, reads, compactions];
}

async function health(sandbox: Sandbox): Promise<{ users: number; rss_bytes: number }> {
  return JSON.parse((await request(sandbox, 'GET', '/_sandbox/health')).text) as {
    users: number;
    rss_bytes: number;
  };
}

const row = (name: string, t: Throughput): string[] => [
  name,
  t.perSecond.toFixed(0),
  t.p50ms.toFixed(2),
  t.p99ms.toFixed(2),
  String(t.ok),
  String(t.failed),
];

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apono-sandbox-bench-'));
  const rows: string[][] = [];
  try {
    const memory = await startSandbox([]);
    await inviteMany(memory, 'seed', 1_000);
    rows.push(
      row('GET /api/admin/v3/users?limit=100 (1,000 users, in memory)', await measure(readUsers(memory))),
    );
    rows.push(row('POST /api/admin/v3/users (in memory)', await measure(invites(memory, 'mem'))));
    await stopSandbox(memory);

    const durable = await startSandbox(['--data', path.join(tmp, 'data')]);
    rows.push(
      row('POST /api/admin/v3/users (--data, fsync per write)', await measure(invites(durable, 'disk'))),
    );
    await stopSandbox(durable);

    const [plainWrites, plainReads] = await renamesBesideReads(path.join(tmp, 'mixed-plain'), []);
    rows.push(row('PATCH users, 8 clients, beside reads (--data, 1,000 users)', plainWrites));
    rows.push(row('  GET users?limit=100, 8 clients, beside those writes', plainReads));
    if (supportsOnlineCompaction()) {
      const [writes, reads, compactions] = await renamesBesideReads(path.join(tmp, 'mixed-compacting'), [
        '--compact-threshold',
        '64K',
      ]);
      rows.push(row(`PATCH users, as above, --compact-threshold 64K (${compactions} compactions)`, writes));
      rows.push(row('  GET users?limit=100, beside those writes and compactions', reads));
    }

    const users = Array.from({ length: 100_000 }, (_, i) => ({
      email: `user${i}@example.com`,
      first_name: `First${i}`,
      last_name: `Last${i}`,
      roles: ['Grantee'],
    }));
    const seedFile = path.join(tmp, 'seed-100k.json');
    fs.writeFileSync(seedFile, JSON.stringify({ users }));
    const t0 = performance.now();
    const big = await startSandbox(['--seed', seedFile]);
    const startupMs = performance.now() - t0;
    const figures = await health(big);
    rows.push(row('GET /api/admin/v3/users?limit=100 (100,000 users)', await measure(readUsers(big))));
    const after = await health(big);
    await stopSandbox(big);

    const bigData = path.join(tmp, 'data-100k');
    const t1 = performance.now();
    const seeded = await startSandbox(['--seed', seedFile, '--data', bigData]);
    const seedToDiskMs = performance.now() - t1;
    await stopSandbox(seeded);
    const t2 = performance.now();
    const replayed = await startSandbox(['--data', bigData]);
    const replayMs = performance.now() - t2;
    const replayFigures = await health(replayed);
    await stopSandbox(replayed);

    const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
    console.log(
      `apono-sandbox benchmark: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log(`${CONCURRENCY} concurrent keep-alive clients, ${DURATION_MS / 1000} s per row, loopback\n`);
    console.log(table(['workload', 'req/s', 'p50 ms', 'p99 ms', 'ok', 'failed'], rows));
    console.log('\n100,000 users loaded from a seed file (--seed):');
    console.log(
      table(
        ['figure', 'value'],
        [
          ['users loaded', String(figures.users)],
          ['startup to listening (in memory, seed)', `${startupMs.toFixed(0)} ms`],
          ['RSS after load', mib(figures.rss_bytes)],
          ['RSS after the read run', mib(after.rss_bytes)],
          ['startup with --seed and --data (seed + journal write)', `${seedToDiskMs.toFixed(0)} ms`],
          ['restart with --data (replay + compaction)', `${replayMs.toFixed(0)} ms`],
          ['RSS after replay', mib(replayFigures.rss_bytes)],
        ],
      ),
    );
  } finally {
    agent.destroy();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
