/**
 * The message types in provider/protocol/generated/ are what `npm run generate` writes today from
 * the .proto files (stale types fail the suite), with the flags of the loader options the plugin uses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Options as ProtoLoaderOptions } from '@grpc/proto-loader';
import { packageInfo } from '../../provider/client/package-info';
import { PROTO_LOADER_OPTIONS } from '../../provider/protocol/proto';
import {
  generateProtoTypes,
  listFiles,
  PROTO_TYPES_BANNER,
  PROTO_TYPES_DIR,
  protoTypeGeneratorFlags,
} from '../../scripts/generate';
import { expectRegeneratedFiles } from '../helpers/regenerated-files';

const ROOT = packageInfo().root;
const committedDir = path.join(ROOT, PROTO_TYPES_DIR);

describe('generated protobuf message types', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-proto-types-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('GIVEN the .proto files WHEN the types are regenerated into a temp dir THEN every file is byte-identical to the committed one', () => {
    const written = generateProtoTypes(scratch);
    expectRegeneratedFiles(committedDir, scratch, written);
  }, 60_000);

  it('GIVEN the generated files WHEN read THEN each starts with the do-not-edit banner', () => {
    const files = listFiles(committedDir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect({ file, first: readFileSync(path.join(committedDir, file), 'utf8').split('\n')[0] }).toEqual({
        file,
        first: PROTO_TYPES_BANNER,
      });
    }
  });

  it('GIVEN the loader options of the plugin WHEN turned into generator flags THEN each option has its flag', () => {
    expect(protoTypeGeneratorFlags(PROTO_LOADER_OPTIONS)).toEqual([
      '--keepCase',
      '--longs=Number',
      '--enums=String',
      '--defaults',
      '--oneofs',
    ]);
  });

  it.each<[ProtoLoaderOptions, string[]]>([
    [{}, []],
    [{ keepCase: false, defaults: undefined }, []],
    [{ arrays: true, objects: true, json: true }, ['--arrays', '--objects', '--json']],
    [{ longs: String, bytes: Array }, ['--longs=String', '--bytes=Array']],
  ])('GIVEN loader options %p WHEN turned into generator flags THEN they are %p', (options, flags) => {
    expect(protoTypeGeneratorFlags(options)).toEqual(flags);
  });

  it.each<[ProtoLoaderOptions, string]>([
    [{ includeDirs: ['protos'] }, 'includeDirs'],
    [{ alternateCommentMode: true }, 'alternateCommentMode'],
  ])(
    'GIVEN loader option %p without a generator flag here WHEN turned into flags THEN it throws',
    (options, name) => {
      expect(() => protoTypeGeneratorFlags(options)).toThrow(`proto-loader option ${name} has no`);
    },
  );
});
