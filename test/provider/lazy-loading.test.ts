/**
 * What a launch loads before Terraform asks for anything: the built provider's entry module must not
 * bring in the HTTP client (axios), the msgpack codec or ajv; those load when a request needs them
 * (ConfigureProvider, the first value on the wire, a response to check). Needs the build.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', 'dist', 'provider');

/** The files in require.cache after a fresh Node process runs `script` (which may use `dist`). */
function modulesLoadedBy(script: string): string[] {
  const program = `const dist = ${JSON.stringify(DIST)}; ${script}; console.log(Object.keys(require.cache).join('\\n'))`;
  return execFileSync(process.execPath, ['-e', program], { encoding: 'utf8' }).trim().split('\n');
}

/** The entries of `loaded` under node_modules/<name>/. */
function underPackage(loaded: readonly string[], name: string): string[] {
  return loaded.filter((file) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));
}

describe('GIVEN the built provider entry module (main.js) WHEN loaded', () => {
  const loaded = modulesLoadedBy(`require(require('node:path').join(dist, 'main.js'))`);

  it('THEN the provider definition is loaded with it', () => {
    expect(loaded).toContain(path.join(DIST, 'provider.js'));
  });

  it.each([['axios'], ['ajv'], ['ajv-formats'], ['@msgpack/msgpack']])('THEN %s is not loaded', (name) => {
    expect(underPackage(loaded, name)).toEqual([]);
  });

  it.each([['client/http.js'], ['client/validate.js'], ['client/generated/response-validators.js']])(
    'THEN the client module %s is not loaded',
    (file) => {
      expect(loaded).not.toContain(path.join(DIST, file));
    },
  );
});

describe('GIVEN the built response validator WHEN a body is checked with the package schemas', () => {
  const loaded = modulesLoadedBy(
    `const { responseValidator } = require(require("node:path").join(dist, 'client', 'validate.js'));` +
      `responseValidator().check('group', { id: 'g1', name: 'eng' }, { method: 'GET', path: '/g' })`,
  );

  it('THEN the precompiled validators are loaded', () => {
    expect(loaded).toContain(path.join(DIST, 'client', 'generated', 'response-validators.js'));
  });

  it('THEN ajv itself (its compiler) and the run-time compiling module are not loaded', () => {
    const ajvRuntimeHelpers = `${path.sep}ajv${path.sep}dist${path.sep}runtime${path.sep}`;
    expect(underPackage(loaded, 'ajv').filter((file) => !file.includes(ajvRuntimeHelpers))).toEqual([]);
    expect(loaded).not.toContain(path.join(DIST, 'client', 'compile-schemas.js'));
  });
});
