/**
 * The generated files are what `npm run generate` writes today (stale code fails the suite), and
 * the committed schema is what the real `terraform providers schema -json` prints for the built
 * provider. Needs the build (`npm test` runs it first).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import {
  BANNER,
  blockDescriptions,
  GENERATED_DIR,
  generateBindings,
  listFiles,
  renderProviderSchema,
  SCHEMA_FILE,
  withBlockDescriptions,
} from '../../scripts/generate';
import { TerraformWorkspace } from '../e2e/terraform';
import { expectRegeneratedFiles } from '../helpers/regenerated-files';

const ROOT = packageInfo().root;
const committedSchema = (): string => readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8');

describe('generated provider schema and CDKTF bindings', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-generated-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('GIVEN the provider definition WHEN the schema is rendered THEN it is byte-identical to the committed file', () => {
    expect(renderProviderSchema()).toBe(committedSchema());
  });

  it('GIVEN the committed schema WHEN the bindings are regenerated into a temp dir THEN every file is byte-identical to the committed one', async () => {
    const written = await generateBindings(committedSchema(), scratch);
    const committedDir = path.join(ROOT, GENERATED_DIR);
    expectRegeneratedFiles(committedDir, scratch, written);
  }, 120_000);

  it('GIVEN the committed bindings WHEN the apono_user class comment is read THEN it says users need the user-write extension', () => {
    const text = readFileSync(path.join(ROOT, GENERATED_DIR, 'user', 'index.ts'), 'utf8');
    const classComment = text.slice(0, text.indexOf('export class User '));
    expect(classComment.slice(classComment.lastIndexOf('/**'))).toContain('user-write extension');
  });

  it.each([
    ['a resource', 'resources/user apono_user', 'apono_user'],
    ['a data source', 'data-sources/user apono_user', 'data.apono_user'],
  ])(
    'GIVEN %s with a description WHEN bindings are post-processed THEN the class comment carries it',
    (_case, link, key) => {
      const line = `* Represents a {@link https://x/docs/${link}}\n`;
      const descriptions = new Map([[key, 'Needs */ care.\nSecond line.']]);
      expect(withBlockDescriptions(`/**\n${line}*/\n`, descriptions)).toBe(
        `/**\n${line}*\n* Needs *\\/ care.\n* Second line.\n*/\n`,
      );
      expect(withBlockDescriptions(`/**\n${line}*/\n`, new Map())).toBe(`/**\n${line}*/\n`);
    },
  );

  it('GIVEN the committed schema WHEN block descriptions are read THEN resources and data sources are told apart', () => {
    const descriptions = blockDescriptions(committedSchema());
    expect(descriptions.get('apono_user')).toContain('user-write extension');
    expect(descriptions.get('data.apono_user')).toBeDefined();
    expect(descriptions.get('data.apono_user')).not.toBe(descriptions.get('apono_user'));
  });

  it('GIVEN the generated files WHEN read THEN each starts with the do-not-edit banner', () => {
    const committedDir = path.join(ROOT, GENERATED_DIR);
    for (const file of listFiles(committedDir)) {
      expect(readFileSync(path.join(committedDir, file), 'utf8').split('\n')[0]).toBe(BANNER);
    }
  });

  it('GIVEN the built provider WHEN terraform prints its schema THEN it equals the committed schema', async () => {
    const tf = new TerraformWorkspace('http://127.0.0.1:9', 'unused-token');
    try {
      tf.write('');
      const printed = await tf.ok(['providers', 'schema', '-json']);
      expect(JSON.parse(printed.stdout)).toEqual(JSON.parse(committedSchema()));
    } finally {
      tf.remove();
    }
  });

  it('GIVEN the package main entry WHEN required THEN it exports the generated namespaces and the constructs', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const library = require(path.join(ROOT, manifest.main)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(library).sort()).toEqual(
      [
        'AponoTeam',
        'IdentityDirectory',
        'IdentityValidationError',
        'dataAponoGroup',
        'dataAponoGroups',
        'dataAponoUser',
        'dataAponoUsers',
        'group',
        'groupMember',
        'provider',
        'user',
      ].sort(),
    );
    expect(Object.keys(library.provider ?? {})).toContain('AponoProvider');
    expect(Object.keys(library.dataAponoUsers ?? {})).toContain('DataAponoUsers');
    expect(Object.keys(library.dataAponoGroups ?? {})).toContain('DataAponoGroups');
  });
});
