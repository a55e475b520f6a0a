import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isReleaseRuntime, writeRelease } from '../../scripts/release';
import { buildSingleExecutable, seaConfig, singleExecutableProblem } from '../../scripts/single-executable';

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
  it.each([true, false])(
    'GIVEN code cache %s WHEN the config is made THEN it names the main script and blob, silences the warning and sets useCodeCache',
    (codeCache) => {
      expect(seaConfig('main.js', 'sea.blob', codeCache)).toEqual({
        main: 'main.js',
        output: 'sea.blob',
        disableExperimentalSEAWarning: true,
        useCodeCache: codeCache,
      });
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
