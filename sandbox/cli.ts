/**
 * `apono-sandbox --port 0 --token TOKEN [--data DIR] [--compact-threshold SIZE] [--seed FILE] [--no-user-writes]`: runs the sandbox until SIGTERM
 * or SIGINT. Prints exactly one line on stdout once ready, so scripts and tests can wait for it;
 * everything else goes to stderr.
 */
import { parseArgs } from 'node:util';
import { parseByteSize } from './byte-size';
import { DEFAULT_COMPACT_THRESHOLD_BYTES } from './journal';
import { startSandbox, type SandboxOptions } from './server';

const USAGE = `usage: apono-sandbox --token TOKEN [--port PORT] [--data DIR] [--compact-threshold SIZE]
                     [--seed FILE] [--no-user-writes]

  --token TOKEN     bearer token clients must send (env APONO_SANDBOX_TOKEN); required
  --port PORT       port on 127.0.0.1, 0 = any free port (env APONO_SANDBOX_PORT; default 0)
  --data DIR        keep state in DIR/journal.jsonl across restarts (env APONO_SANDBOX_DATA);
                    without it the state lives in memory only; DIR is made 0700, the journal 0600
  --compact-threshold SIZE
                    with --data: compact the journal while running once it is larger than both
                    SIZE and twice its size after the last compaction; bytes, or with a K, M or G
                    suffix (env APONO_SANDBOX_COMPACT_THRESHOLD; default ${DEFAULT_COMPACT_THRESHOLD_BYTES / 1024 / 1024}M)
  --seed FILE       JSON {users, groups} to preload when the store is empty
  --no-user-writes  answer the user-write extension's routes 404, as an Apono tenant without it
                    does: GET /api/admin/v3/user-writes (its probe), POST /api/admin/v3/users,
                    PATCH and DELETE /api/admin/v3/users/{id}, POST /api/admin/v3/users/{id}/invitation
`;

/** A command-line problem: printed with the usage, exit code 2. */
class UsageError extends Error {}

/** Parses argv and the environment into sandbox options. */
export function parseCommandLine(argv: string[], env: NodeJS.ProcessEnv): SandboxOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        token: { type: 'string' },
        data: { type: 'string' },
        'compact-threshold': { type: 'string' },
        seed: { type: 'string' },
        'no-user-writes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const token = values.token ?? env.APONO_SANDBOX_TOKEN ?? '';
  if (token === '')
    throw new UsageError('a token is required: pass --token TOKEN or set APONO_SANDBOX_TOKEN');
  const rawPort = values.port ?? env.APONO_SANDBOX_PORT ?? '0';
  if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got ${JSON.stringify(rawPort)}`);
  }
  const dataDir = values.data ?? (env.APONO_SANDBOX_DATA || undefined);
  const rawThreshold = values['compact-threshold'] ?? (env.APONO_SANDBOX_COMPACT_THRESHOLD || undefined);
  const compactThresholdBytes = rawThreshold === undefined ? undefined : parseByteSize(rawThreshold);
  if (compactThresholdBytes === null) {
    throw new UsageError(
      `--compact-threshold must be a size in bytes, optionally with a K, M or G suffix, got ${JSON.stringify(rawThreshold)}`,
    );
  }
  return {
    token,
    port: Number(rawPort),
    dataDir,
    compactThresholdBytes,
    seedFile: values.seed,
    userWrites: values['no-user-writes'] !== true,
  };
}

async function main(): Promise<void> {
  let options: SandboxOptions | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`apono-sandbox: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  let sandbox;
  try {
    sandbox = await startSandbox({
      ...options,
      log: (message) => process.stderr.write(`apono-sandbox: ${message}\n`),
    });
  } catch (error) {
    process.stderr.write(`apono-sandbox: cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const running = sandbox;
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // Every acknowledged write is already fsynced; closing drains the server and the journal.
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`apono-sandbox: error while stopping: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`apono-sandbox listening on ${running.url}\n`);
}

void main();
