import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { isReleaseRuntime, writeRelease } from '../../scripts/release';
import {
  buildSingleExecutable,
  codeCacheTrainingSource,
  SEA_ASSETS,
  seaConfig,
  seaLoaderSource,
  singleExecutableProblem,
  wrappedBundle,
} from '../../scripts/single-executable';

describe('singleExecutableProblem', () => {
  it.each([
    ['linux_amd64', 'linux_amd64', 'linux', undefined],
    ['darwin_arm64', 'darwin_arm64', 'darwin', undefined],
    ['darwin_arm64', 'linux_amd64', 'linux', 'a single executable for darwin_arm64 is built on darwin_arm64'],
    ['linux_arm64', 'linux_amd64', 'linux', 'a single executable for linux_arm64 is built on linux_arm64'],
    ['windows_amd64', 'windows_amd64', 'win32', 'built on Linux or macOS only, not on win32'],
  ])(
    'GIVEN %s asked on a %s machine (%s) WHEN checked THEN the problem is %s',
    (platform, hostPlatform, hostOs, problem) => {
      const found = singleExecutableProblem(platform, hostPlatform, hostOs);
      if (problem === undefined) expect(found).toBeUndefined();
      else expect(found).toContain(problem);
    },
  );
});

describe('seaConfig', () => {
  it("GIVEN a loader and assets WHEN the config is made THEN it names them and the blob, silences the warning and leaves Node's code cache off", () => {
    expect(seaConfig('loader.js', 'sea.blob', { 'provider.js': 'provider.js' })).toEqual({
      main: 'loader.js',
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      useCodeCache: false,
      assets: { 'provider.js': 'provider.js' },
    });
  });
});

describe('wrappedBundle', () => {
  it.each([
    ['a #! line', '#!/usr/bin/env node\nmain();\n'],
    ['no #! line', 'main();\n'],
  ])(
    'GIVEN a bundle with %s WHEN wrapped THEN its code sits in a function of the CommonJS variables, without the #! line',
    (_case, source) => {
      expect(wrappedBundle(source)).toBe(
        '(function (exports, require, module, __filename, __dirname) {\nmain();\n\n})',
      );
    },
  );
});

describe('seaLoaderSource', () => {
  it.each([
    [true, true],
    [false, false],
  ])(
    'GIVEN code cache %s WHEN the loader is written THEN it reads the cache asset: %s',
    (codeCache, readsCache) => {
      expect(seaLoaderSource(codeCache).includes(SEA_ASSETS.codeCache)).toBe(readsCache);
    },
  );
});

describe('codeCacheTrainingSource', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-sea-training-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each([
    ['exits at launch', 'process.exit(1);', 1],
    [
      'prints the handshake line and keeps serving',
      "process.stdout.write('1|6|tcp|127.0.0.1:1|grpc\\n'); setInterval(() => {}, 1000);",
      0,
    ],
  ])(
    'GIVEN a bundle that %s WHEN the training runs THEN it ends and writes a code cache V8 accepts for that code',
    (_case, launch, status) => {
      const code = wrappedBundle(`function greet() { return 1; }\ngreet();\n${launch}\n`);
      writeFileSync(path.join(scratch, 'code.js'), code);
      writeFileSync(path.join(scratch, 'train.js'), codeCacheTrainingSource('code.js', 'code.cache'));
      rmSync(path.join(scratch, 'code.cache'), { force: true });
      const training = spawnSync(process.execPath, ['--random-seed=1', 'train.js'], {
        cwd: scratch,
        timeout: 30_000,
      });
      expect(training.status).toBe(status);
      const cachedData = readFileSync(path.join(scratch, 'code.cache'));
      expect(
        new Script(code, { filename: 'terraform-provider-apono.js', cachedData }).cachedDataRejected,
      ).toBe(false);
    },
  );
});

describe('buildSingleExecutable', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-sea-refused-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('GIVEN a node binary without the single-executable fuse WHEN built from THEN it is refused, naming the way out', async () => {
    const notNode = path.join(scratch, 'node');
    writeFileSync(notNode, '#!/bin/sh\nexec /usr/bin/env node "$@"\n', { mode: 0o755 });
    const bundle = path.join(scratch, 'bundle.js');
    writeFileSync(bundle, '');
    await expect(buildSingleExecutable({ bundle, nodeBinary: notNode })).rejects.toThrow(
      /cannot become a single executable .*--runtime node/,
    );
  });
});

describe('isReleaseRuntime', () => {
  it.each([
    ['sea', true],
    ['node', true],
    ['SEA', false],
    ['', false],
    ['deno', false],
  ])('GIVEN %j WHEN checked THEN it is a runtime: %s', (value, expected) => {
    expect(isReleaseRuntime(value)).toBe(expected);
  });
});

describe('writeRelease with the sea runtime', () => {
  let scratch: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-release-refused-'));
  });

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('GIVEN another platform than this machine WHEN released THEN it is refused, pointing at the node runtime, and nothing is written', async () => {
    const folder = path.join(scratch, 'other-platform');
    await expect(writeRelease({ outDir: folder, platforms: ['plan9_mips'] })).rejects.toThrow(
      /single executable for plan9_mips .*--runtime node/,
    );
    expect(readdirSync(scratch)).not.toContain('other-platform');
  });

  it('GIVEN a folder holding other files WHEN released into THEN it is refused before building and the files stay', async () => {
    const folder = path.join(scratch, 'not-a-release');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'keep.txt'), 'precious');
    await expect(
      writeRelease({ outDir: folder, bundle: path.join(scratch, 'no-such-bundle') }),
    ).rejects.toThrow('holds no earlier release');
    expect(readdirSync(folder)).toEqual(['keep.txt']);
  });
});
