/**
 * The documentation in docs/ is what `npm run docs` writes today from the provider schema, the
 * examples and templates/ (a stale page fails the suite), every resource and data source of the
 * schema has its page, examples and template, and the generator's pure parts behave as the
 * registry layout needs.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { packageInfo } from '../../provider/client/package-info';
import type { TfType } from '../../provider/framework/types';
import {
  DOCS_DIR,
  DOCS_MARKER,
  DOCS_SCHEMA_FILE,
  DocAttribute,
  environmentVariable,
  fillTemplate,
  generateDocs,
  pageName,
  pageSources,
  readDocSchema,
  renderEnvironmentTable,
  renderGuidePage,
  renderSchema,
  sectionOf,
  typeLabel,
} from '../../scripts/docs';
import { listFiles } from '../../scripts/generate';
import { expectRegeneratedFiles } from '../helpers/regenerated-files';

const ROOT = packageInfo().root;
const committedDocs = path.join(ROOT, DOCS_DIR);
const schema = readDocSchema(readFileSync(path.join(ROOT, DOCS_SCHEMA_FILE), 'utf8'));

describe('GIVEN the committed docs', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'apono-docs-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('WHEN the docs are regenerated into a temp dir THEN every page is byte-identical to the committed one', () => {
    const written = generateDocs(ROOT, scratch);
    expectRegeneratedFiles(committedDocs, scratch, written);
  });

  it('WHEN each page is read THEN it opens with front matter whose first line is the do-not-edit marker', () => {
    for (const page of listFiles(committedDocs)) {
      const lines = readFileSync(path.join(committedDocs, page), 'utf8').split('\n');
      expect({ page, head: lines.slice(0, 2) }).toEqual({ page, head: ['---', DOCS_MARKER] });
    }
  });
});

/** The relative link targets (without anchors) of a markdown text: `[x](../guides/a.md#b)` gives `../guides/a.md`. */
function relativeLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target));
}

describe('GIVEN the committed docs and the README', () => {
  const pages = [
    ...listFiles(committedDocs).map((page) => path.join(DOCS_DIR, page)),
    'README.md',
    'CONTRIBUTING.md',
  ];

  it('WHEN their relative links are followed THEN each reaches a file of the repository', () => {
    const broken = pages.flatMap((page) =>
      relativeLinks(readFileSync(path.join(ROOT, page), 'utf8'))
        .filter((target) => !existsSync(path.join(ROOT, path.dirname(page), target)))
        .map((target) => `${page} -> ${target}`),
    );
    expect(broken).toEqual([]);
  });
});

describe('GIVEN the provider schema', () => {
  const types = [
    ...[...schema.resources.keys()].map((type) => ['resources', type] as const),
    ...[...schema.dataSources.keys()].map((type) => ['data-sources', type] as const),
  ];

  it('WHEN its types are listed THEN there are the three resources and four data sources the docs cover', () => {
    expect(types.map(([kind, type]) => `${kind}/${type}`)).toEqual([
      'resources/apono_group',
      'resources/apono_group_member',
      'resources/apono_user',
      'data-sources/apono_group',
      'data-sources/apono_groups',
      'data-sources/apono_user',
      'data-sources/apono_users',
    ]);
  });

  it.each(types)(
    'WHEN %s %s is looked up THEN it has a docs page, a template and its examples',
    (kind, type) => {
      const sources = pageSources(kind, type);
      const wanted = [
        `${DOCS_DIR}/${kind}/${pageName(type)}.md`,
        sources.template,
        sources.example,
        ...(sources.importScript === null ? [] : [sources.importScript]),
      ];
      expect(wanted.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
    },
  );

  it('WHEN its attributes are listed THEN every one, the blocks included, has a description', () => {
    const blocks = [
      ['provider', schema.provider] as const,
      ...[...schema.resources].map(([type, block]) => [type, block] as const),
      ...[...schema.dataSources].map(([type, block]) => [`data.${type}`, block] as const),
    ];
    const missing = blocks.flatMap(([name, block]) => [
      ...(block.description ? [] : [name]),
      ...Object.entries(block.attributes ?? {})
        .filter(([, attribute]) => !attribute.description)
        .map(([attribute]) => `${name}.${attribute}`),
    ]);
    expect(missing).toEqual([]);
  });
});

describe('GIVEN provider attributes', () => {
  it('WHEN the committed provider schema is read THEN every attribute names its environment variable', () => {
    const attributes = schema.provider.attributes ?? {};
    const variables = Object.fromEntries(
      Object.keys(attributes).map((name) => [name, environmentVariable(attributes[name]!)]),
    );
    expect(variables).toEqual({
      adopt_existing: 'APONO_ADOPT_EXISTING',
      endpoint: 'APONO_ENDPOINT',
      max_retries: 'APONO_MAX_RETRIES',
      operation_timeout: 'APONO_OPERATION_TIMEOUT',
      personal_token: 'APONO_PERSONAL_TOKEN',
      request_timeout: 'APONO_REQUEST_TIMEOUT',
      requests_per_second: 'APONO_REQUESTS_PER_SECOND',
    });
  });

  it('WHEN an attribute names none THEN the table cannot be rendered', () => {
    const block = { attributes: { zone: { type: 'string' as const, optional: true, description: 'Zone.' } } };
    expect(() => renderEnvironmentTable(block)).toThrow('provider attribute zone: its description names no');
  });

  it('WHEN each names one THEN the table lists them by attribute', () => {
    const block = {
      attributes: {
        b: { type: 'string' as const, optional: true, description: 'B. Env: `X_B`.' },
        a: { type: 'number' as const, optional: true, description: 'A. Env: `X_A`. Default: `1`.' },
      },
    };
    expect(renderEnvironmentTable(block)).toBe(
      '| attribute | environment variable |\n|---|---|\n| `a` | `X_A` |\n| `b` | `X_B` |',
    );
  });
});

describe('GIVEN cty types', () => {
  test.each<[TfType, string]>([
    ['string', 'String'],
    ['number', 'Number'],
    ['bool', 'Boolean'],
    [['set', 'string'], 'Set of String'],
    [['list', 'string'], 'List of String'],
    [['map', 'string'], 'Map of String'],
    [['list', ['object', { a: 'string' }]], 'List of Object'],
  ])('WHEN %j is labelled THEN it reads %s', (type, label) => {
    expect(typeLabel(type)).toBe(label);
  });
});

describe('GIVEN attribute flags', () => {
  test.each<[DocAttribute, string]>([
    [{ type: 'string', required: true }, 'Required'],
    [{ type: 'string', optional: true }, 'Optional'],
    [{ type: 'string', optional: true, computed: true }, 'Optional'],
    [{ type: 'string', computed: true }, 'Read-Only'],
  ])('WHEN %j is placed THEN it goes in %s', (attribute, section) => {
    expect(sectionOf(attribute)).toBe(section);
  });
});

describe('GIVEN a block schema', () => {
  it('WHEN rendered THEN the sections come in registry order, sorted, with nested objects after them', () => {
    const text = renderSchema({
      attributes: {
        zone: { type: 'string', optional: true, description: 'Zone.' },
        name: { type: 'string', required: true, description: 'The `name`.' },
        token: { type: 'string', optional: true, sensitive: true, description: 'Token.' },
        items: {
          type: ['list', ['object', { b: 'bool', a: 'string' }]],
          computed: true,
          description: 'Items.',
        },
      },
    });
    expect(text).toBe(
      [
        '## Schema',
        '### Required',
        '- `name` (String) The `name`.',
        '### Optional',
        '- `token` (String, Sensitive) Token.\n- `zone` (String) Zone.',
        '### Read-Only',
        '- `items` (List of Object) (see [below for nested schema](#nested--items)) Items.',
        '<a id="nested--items"></a>',
        '### Nested Schema for `items`',
        'Read-Only:',
        '- `a` (String)\n- `b` (Boolean)',
      ].join('\n\n'),
    );
  });
});

describe('GIVEN a template', () => {
  it('WHEN every placeholder is given once THEN each is filled', () => {
    expect(fillTemplate('# T\n\n{{schema}}\n\n{{example}}\n', { schema: 'S', example: 'E' }, 't.md')).toBe(
      '# T\n\nS\n\nE\n',
    );
  });

  test.each([
    [
      'a placeholder given but missing',
      '# T\n',
      { schema: 'S' },
      '{{schema}} must appear exactly once (found 0)',
    ],
    [
      'a placeholder twice',
      '{{schema}} {{schema}}',
      { schema: 'S' },
      '{{schema}} must appear exactly once (found 2)',
    ],
    ['an unknown placeholder', '{{schema}} {{shema}}', { schema: 'S' }, 'unknown placeholder {{shema}}'],
  ])('WHEN it has %s THEN generating fails naming the template', (_case, template, placeholders, message) => {
    expect(() => fillTemplate(template, placeholders, 't.md')).toThrow(`t.md: ${message}`);
  });
});

describe('GIVEN a guide template', () => {
  it('WHEN rendered THEN its title and first paragraph become the front matter, under the marker', () => {
    const page = renderGuidePage('# Reviewing `plans`\n\nWhat a reviewer\nsees.\n\n## More\n', 'g.md');
    expect(page).toBe(
      [
        '---',
        DOCS_MARKER,
        'page_title: "Reviewing plans"',
        'subcategory: "Guides"',
        'description: |-',
        '  What a reviewer sees.',
        '---',
        '',
        '# Reviewing `plans`',
        '',
        'What a reviewer',
        'sees.',
        '',
        '## More',
        '',
      ].join('\n'),
    );
  });

  it('WHEN it has no title THEN generating fails naming it', () => {
    expect(() => renderGuidePage('No title.\n', 'g.md')).toThrow('g.md: a guide starts with a "# " title');
  });
});
