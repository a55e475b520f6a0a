import { hclString, renderHcl } from '../../provider/export/hcl';
import { exportTenant } from '../../provider/export/model';
import { aponoUser, smallTenant } from './snapshot';

describe('hclString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['${var.x}', '"$${var.x}"'],
    ['%{if x}', '"%%{if x}"'],
    ['$ and % alone, $$ too', '"$ and % alone, $$ too"'],
    ['line\nbreak\ttab\rreturn', '"line\\nbreak\\ttab\\rreturn"'],
    ['bell\u0007', '"bell\\u0007"'],
    ['Café ünï', '"Café ünï"'],
  ])('GIVEN %j THEN the HCL string is %s', (text, expected) => {
    expect(hclString(text)).toBe(expected);
  });
});

/** The text of one file of the HCL export. */
function fileOf(files: Array<[string, string]>, name: string): string {
  return files.find(([file]) => file === name)?.[1] ?? '';
}

describe('renderHcl', () => {
  it('GIVEN a tenant THEN it writes main.tf, users.tf, groups.tf, idp.tf and imports.tf in that order', () => {
    expect(renderHcl(exportTenant(smallTenant())).map(([name]) => name)).toEqual([
      'main.tf',
      'users.tf',
      'groups.tf',
      'idp.tf',
      'imports.tf',
    ]);
  });

  it('GIVEN Apono users THEN users.tf has a resource per user, the first role managed and the others named', () => {
    expect(fileOf(renderHcl(exportTenant(smallTenant())), 'users.tf')).toBe(
      [
        '# Users created in Apono (2); imports.tf imports them.',
        '',
        'resource "apono_user" "ada_example_com" {',
        '  email        = "ada@example.com"',
        '  full_name    = "Ada Lovelace"',
        '  role         = "Admin"',
        '  phone_number = "+442079460958"',
        '}',
        '',
        '# Also holds Deployment in Apono; Terraform manages only `role`.',
        'resource "apono_user" "grace_example_com" {',
        '  email     = "grace@example.com"',
        '  full_name = "Grace Hopper"',
        '  role      = "Viewer"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN groups THEN groups.tf lists members by reference (IdP users through their data source) and keeps an empty group empty', () => {
    expect(fileOf(renderHcl(exportTenant(smallTenant())), 'groups.tf')).toBe(
      [
        '# Groups created in Apono (2), members authoritative; imports.tf imports them.',
        '',
        'resource "apono_group" "empty" {',
        '  name = "empty"',
        '  # Authoritative: an empty list keeps the group empty.',
        '  members = []',
        '}',
        '',
        'resource "apono_group" "engineering" {',
        '  name = "engineering"',
        '  members = [',
        '    apono_user.ada_example_com.email,',
        '    data.apono_user.okta_user_example_com.email,',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN IdP identities THEN idp.tf reads them with data sources', () => {
    expect(fileOf(renderHcl(exportTenant(smallTenant())), 'idp.tf')).toBe(
      [
        '# Identities only read (1 user, 1 group): synced from an identity provider, or not accepted by apono_user/apono_group.',
        '',
        '# synced from the identity provider Okta: read-only, managed there',
        'data "apono_user" "okta_user_example_com" {',
        '  email = "okta.user@example.com"',
        '}',
        '',
        '# synced from the identity provider Okta: read-only, managed there',
        'data "apono_group" "okta-engineering" {',
        '  name = "okta-engineering"',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('GIVEN resources THEN imports.tf imports users by email and groups by id', () => {
    const imports = fileOf(renderHcl(exportTenant(smallTenant())), 'imports.tf');

    expect(imports).toContain('import {\n  to = apono_user.ada_example_com\n  id = "ada@example.com"\n}\n');
    expect(imports).toContain('import {\n  to = apono_group.engineering\n  id = "g1"\n}\n');
    expect(imports.match(/^import \{/gm)).toHaveLength(4);
  });

  it('GIVEN main.tf THEN it requires the provider by its source address and configures it from the environment', () => {
    expect(fileOf(renderHcl(exportTenant(smallTenant())), 'main.tf')).toContain(
      'terraform {\n  required_providers {\n    apono = {\n      source = "terraform.local/apono/apono"\n    }\n  }\n}\n\n' +
        '# The provider reads APONO_ENDPOINT and APONO_PERSONAL_TOKEN from the environment.\nprovider "apono" {}\n',
    );
  });

  it('GIVEN a user without roles THEN role is left out, and a disabled one is commented', () => {
    const tenant = exportTenant({
      users: [
        aponoUser({
          email: 'nora@example.com',
          first_name: 'Nora',
          last_name: '',
          roles: [],
          status: 'disabled',
        }),
      ],
      groups: [],
    });

    expect(fileOf(renderHcl(tenant), 'users.tf')).toContain(
      '# Holds no role in Apono; `role` is left out, so it is not managed.\n# Status in Apono: disabled.\n' +
        'resource "apono_user" "nora_example_com" {\n  email     = "nora@example.com"\n  full_name = "Nora"\n}\n',
    );
  });

  it('GIVEN a user whose name the provider refuses THEN it is read with a data source, not managed', () => {
    const tenant = exportTenant({
      users: [aponoUser({ email: 'tab@example.com', first_name: 'Tab\tbed', last_name: '' })],
      groups: [],
    });

    const files = renderHcl(tenant);

    expect(fileOf(files, 'users.tf')).not.toContain('resource');
    expect(fileOf(files, 'idp.tf')).toContain('data "apono_user" "tab_example_com" {');
    expect(fileOf(files, 'idp.tf')).toContain(
      '# not exported as a resource: full_name must not contain tabs',
    );
  });
});
