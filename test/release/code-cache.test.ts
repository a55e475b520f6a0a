// The V8 code cache inside the bundled executable (scripts/bundle.ts): the executable runs whether
// Node takes the cache or not, and the cache `npm run build` made is one Node takes.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BUNDLE_FILE, executableSource, produceCodeCache, wrapForCodeCache } from '../../scripts/bundle';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/transport/handshake';

const BUNDLE = path.resolve(__dirname, '..', '..', BUNDLE_FILE);

// A small program that shows what it was given: the cache status and working CommonJS bindings.
const PROGRAM_BODY =
  "process.stdout.write([codeCacheStatus, require('node:path').basename(__filename), typeof module.exports].join(' '));";
const PROGRAM = wrapForCodeCache(PROGRAM_BODY);
/** scripts/bundle.ts as `npm run build` compiled it. */
const BUILT_BUNDLE_SCRIPT = path.resolve(__dirname, '..', '..', 'dist', 'scripts', 'bundle.js');
const OTHER_PROGRAM = wrapForCodeCache("process.stdout.write('another program');");

describe('the code cache of the bundled executable', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'apono-code-cache-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  test.each<[string, string, () => Buffer]>([
    ['its own cache', 'accepted', () => produceCodeCache(PROGRAM)],
    ['the cache of another program', 'rejected', () => produceCodeCache(OTHER_PROGRAM)],
    ['a cache of garbage bytes', 'rejected', () => Buffer.from('not a code cache at all')],
    ['no cache', 'absent', () => Buffer.alloc(0)],
  ])(
    'GIVEN an executable with %s WHEN run THEN the code runs and is told the cache was %s',
    (_what, status, cache) => {
      const file = path.join(scratch, `program-${status}-${Math.random().toString(36).slice(2)}`);
      writeFileSync(file, executableSource(PROGRAM, cache()), { mode: 0o755 });
      const result = spawnSync(process.execPath, [file], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(`${status} ${path.basename(file)} object`);
    },
  );

  test('GIVEN NODE_OPTIONS with a V8 flag at build time WHEN the cache is made THEN a plain launch still accepts it', () => {
    // The build runs in its own process (jest's process.env is not the one child processes inherit).
    const file = path.join(scratch, 'program-node-options');
    const build = [
      `const bundle = require(${JSON.stringify(BUILT_BUNDLE_SCRIPT)});`,
      `const program = bundle.wrapForCodeCache(${JSON.stringify(PROGRAM_BODY)});`,
      `const executable = bundle.executableSource(program, bundle.produceCodeCache(program));`,
      `require('node:fs').writeFileSync(${JSON.stringify(file)}, executable);`,
    ].join('\n');
    const built = spawnSync(process.execPath, ['-e', build], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, NODE_OPTIONS: '--max-old-space-size=4096' },
    });
    expect(built.stderr).toBe('');
    const result = spawnSync(process.execPath, [file], { encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.stdout).toBe('accepted program-node-options object');
  });

  test('GIVEN the same code WHEN its cache is made twice THEN the bytes are the same (reproducible release)', () => {
    expect(produceCodeCache(PROGRAM).equals(produceCodeCache(PROGRAM))).toBe(true);
  });

  test('GIVEN the bundle npm run build made WHEN launched as a plugin THEN its debug log says the code cache was accepted', async () => {
    const log = await stderrUntilHandshake(BUNDLE, {
      PATH: process.env.PATH,
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '6',
      TF_LOG: 'debug',
    });
    const line = log.split('\n').find((text) => text.includes('"Bundled executable"'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ code_cache: 'accepted' });
  });
});

/** Starts `executable`, collects its stderr until the handshake line is on stdout, then stops it. */
function stderrUntilHandshake(executable: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(executable, [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let handshake = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => {
      handshake = true;
      child.kill();
      // The log line is written before the server starts; let the pipe drain.
      child.once('close', () => resolve(stderr));
    });
    child.on('error', reject);
    child.once('exit', (code) => {
      if (!handshake) reject(new Error(`exited ${code} before a handshake line: ${stderr}`));
    });
  });
}
