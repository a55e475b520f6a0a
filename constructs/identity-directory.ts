/** IdentityDirectory: a whole directory of Apono users and groups from one object or one file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';
import { parseDocument } from 'yaml';
import { packageInfo } from '../provider/client/package-info';
import { emailKey, emailProblem } from '../provider/domain/emails';
import { groupKey } from '../provider/domain/groups';
import { groupNameProblem } from '../provider/domain/groups';
import { Group } from './generated/group';
import { User } from './generated/user';
import {
  addUniqueEmailValidation,
  checkValue,
  groupConstructId,
  IdentityValidationError,
  invitationProblems,
  isUnresolvedString,
  quoteProblem,
  UserInvitation,
  userConstructId,
} from './identities';
import { optionalTerraformLiteral, terraformLiteral } from './terraform-literal';

/** A user of the directory: an invitation, or a user of Apono to import. */
export interface DirectoryUser extends UserInvitation {
  /**
   * The user exists in Apono already: Terraform imports it by its email (an `import` block, a
   * no-op once it is in the state) instead of inviting it.
   * @default false
   */
  readonly import?: boolean;
}

/** A group of the directory. */
export interface DirectoryGroup {
  /** Group name, unique in Apono (compared case-insensitively). */
  readonly name: string;
  /**
   * Emails of the members: users of the directory, or emails listed in `external`. Authoritative
   * when set (an empty list removes every member).
   * @default - membership is not managed
   */
  readonly members?: readonly string[];
  /**
   * The group exists in Apono already: Terraform imports it by its name (an `import` block, a
   * no-op once it is in the state) instead of creating it.
   * @default false
   */
  readonly import?: boolean;
}

/** The content of a directory, as in `schema/identity-directory.schema.json`. */
export interface IdentityDirectorySpec {
  /**
   * Users to invite into Apono (or, with `import`, to import).
   * @default - no users
   */
  readonly users?: readonly DirectoryUser[];
  /**
   * Groups and their authoritative members.
   * @default - no groups
   */
  readonly groups?: readonly DirectoryGroup[];
  /**
   * Emails of users that exist outside this directory (in Apono or your IdP) and may be members.
   * @default - none: every member must be a user of the directory
   */
  readonly external?: readonly string[];
}

/** Properties of an {@link IdentityDirectory}: set exactly one of `directory` and `file`. */
export interface IdentityDirectoryProps {
  /**
   * The directory as an object.
   * @default - read from `file`
   */
  readonly directory?: IdentityDirectorySpec;
  /**
   * A YAML (`.yaml`, `.yml`) or JSON (`.json`) file holding the directory, relative to the
   * current directory or absolute.
   * @default - use `directory`
   */
  readonly file?: string;
  /**
   * The Apono provider of the users and groups.
   * @default - the stack's default `apono` provider
   */
  readonly provider?: TerraformProvider;
}

/**
 * Every user (`apono_user`, under `Users/<email in lower case>`) and group (`apono_group`, under
 * `Groups/<name in lower case>`) of a directory. Construct ids come from emails and names, never
 * from positions, so reordering the directory replaces nothing. The directory is validated against
 * `schema/identity-directory.schema.json` and the provider's rules when the construct is created.
 */
export class IdentityDirectory extends Construct {
  /** The users, sorted by email (case-insensitive). */
  readonly users: readonly User[];
  /** The groups, sorted by name (case-insensitive). */
  readonly groups: readonly Group[];
  private readonly usersByKey: ReadonlyMap<string, User>;
  private readonly groupsByKey: ReadonlyMap<string, Group>;

  constructor(scope: Construct, id: string, props: IdentityDirectoryProps) {
    // Before super(): a directory that fails validation leaves nothing in the construct tree.
    const spec = loadDirectory(props, scope.node.path === '' ? id : `${scope.node.path}/${id}`);
    super(scope, id);

    const userScope = new Construct(this, 'Users');
    const users = sortedBy(spec.users ?? [], (user) => emailKey(user.email));
    this.usersByKey = new Map(
      users.map((user) => {
        const resource = new User(userScope, userConstructId(user.email), {
          email: terraformLiteral(user.email),
          fullName: terraformLiteral(user.fullName),
          role: optionalTerraformLiteral(user.role),
          phoneNumber: optionalTerraformLiteral(user.phoneNumber),
          provider: props.provider,
        });
        if (user.import === true) resource.importFrom(terraformLiteral(user.email), props.provider);
        return [emailKey(user.email), resource] as const;
      }),
    );
    this.users = [...this.usersByKey.values()];

    const groupScope = new Construct(this, 'Groups');
    const groups = sortedBy(spec.groups ?? [], (group) => groupKey(group.name));
    this.groupsByKey = new Map(
      groups.map((group) => {
        const resource = new Group(groupScope, groupConstructId(group.name), {
          name: terraformLiteral(group.name),
          // Declared users by their email attribute, so Terraform invites them first.
          members:
            group.members === undefined
              ? undefined
              : sortedBy(group.members, emailKey).map(
                  (email) => this.usersByKey.get(emailKey(email))?.email ?? terraformLiteral(email),
                ),
          provider: props.provider,
        });
        if (group.import === true) resource.importFrom(terraformLiteral(group.name), props.provider);
        return [groupKey(group.name), resource] as const;
      }),
    );
    this.groups = [...this.groupsByKey.values()];
    addUniqueEmailValidation(this, this.users);
  }

  /** The user with this email (case-insensitive); throws when the directory has none. */
  user(email: string): User {
    const user = this.usersByKey.get(emailKey(email));
    if (user === undefined) throw new Error(`no user "${email}" in identity directory ${this.node.path}`);
    return user;
  }

  /** The group with this name (case-insensitive); throws when the directory has none. */
  group(name: string): Group {
    const group = this.groupsByKey.get(groupKey(name));
    if (group === undefined) throw new Error(`no group "${name}" in identity directory ${this.node.path}`);
    return group;
  }
}

function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Reads, parses and validates the directory of the props; throws IdentityValidationError. */
function loadDirectory(props: IdentityDirectoryProps, constructPath: string): IdentityDirectorySpec {
  if ((props.directory === undefined) === (props.file === undefined)) {
    throw new Error(`identity directory ${constructPath}: set exactly one of "directory" and "file"`);
  }
  const source = props.file ?? `identity directory ${constructPath}`;
  const data = props.file === undefined ? props.directory : parseDirectoryFile(props.file);
  const validate = directoryValidator();
  const errors = validate(data) ? [] : (validate.errors ?? []);
  // Every problem in one error: the schema's, then the rules beyond it on the parts that passed.
  const problems = [...errors.map(schemaProblem), ...directoryProblems(passedParts(data, errors))];
  if (problems.length > 0) throw new IdentityValidationError(source, problems);
  return data as IdentityDirectorySpec;
}

/** The content of a YAML or JSON directory file (not yet validated). */
function parseDirectoryFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IdentityValidationError(file, [`cannot read the file: ${reason}`]);
  }
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new IdentityValidationError(file, [`not valid JSON: ${(error as Error).message}`]);
    }
  }
  if (extension === '.yaml' || extension === '.yml') {
    const document = parseDocument(text);
    if (document.errors.length > 0) {
      throw new IdentityValidationError(
        file,
        document.errors.map((error) => `not valid YAML: ${error.message.split('\n')[0]}`),
      );
    }
    return document.toJS() as unknown;
  }
  throw new IdentityValidationError(file, [
    `unsupported file type "${extension}"; expected .yaml, .yml or .json`,
  ]);
}

let compiled: ValidateFunction<IdentityDirectorySpec> | undefined;

/** The ajv validator of schema/identity-directory.schema.json, compiled once per process. */
function directoryValidator(): ValidateFunction<IdentityDirectorySpec> {
  if (compiled !== undefined) return compiled;
  const schemaFile = path.join(packageInfo().root, 'schema', 'identity-directory.schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, verbose: true, logger: false });
  // The provider's email rule, so synth and plan agree; tokens (also the element a list token
  // encodes) are left to the rules beyond the schema.
  ajv.addFormat('email', (value: string) => isUnresolvedString(value) || emailProblem(value) === null);
  compiled = ajv.compile<IdentityDirectorySpec>(schema);
  return compiled;
}

/** `/users/3/email` -> `users[3].email`. */
function fieldPath(pointer: string, child?: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  return segments
    .map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`))
    .join('');
}

/** One ajv error as `entry.field: what is wrong`, quoting the bad value. */
function schemaProblem(error: ErrorObject): string {
  const at = (where: string, what: string): string => (where === '' ? what : `${where}: ${what}`);
  const where = fieldPath(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return at(fieldPath(error.instancePath, String(error.params.missingProperty)), 'is required');
    case 'additionalProperties': {
      const parent = error.parentSchema as { properties?: Record<string, unknown> } | undefined;
      const known = Object.keys(parent?.properties ?? {}).join(', ');
      const field = String(error.params.additionalProperty);
      return at(fieldPath(error.instancePath, field), `is not a known field; expected one of: ${known}`);
    }
    case 'format':
      return at(where, quoteProblem(error.data, emailProblem(String(error.data)) ?? 'is not a valid email'));
    case 'type': {
      const expected = String(error.params.type);
      // YAML reads an unquoted +14155550100 as a number.
      const hint = expected === 'string' && typeof error.data === 'number' ? ' (quote it in YAML)' : '';
      return at(
        where,
        `${quoteProblem(error.data, `must be ${expected === 'array' ? 'a list' : `a ${expected}`}`)}${hint}`,
      );
    }
    case 'minLength':
      return at(where, quoteProblem(error.data, 'must not be empty'));
    default:
      return at(where, quoteProblem(error.data, error.message ?? 'is not valid'));
  }
}

/** The parts of a directory that passed the schema; a part that failed it is `undefined`. */
interface PassedDirectory {
  readonly users: readonly (Partial<UserInvitation> | undefined)[];
  readonly groups: readonly (
    { readonly name?: string; readonly members?: readonly (string | undefined)[] } | undefined
  )[];
  readonly external?: readonly (string | undefined)[];
}

/** The JSON pointer of the field an ajv error is about. */
function failedPointer(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `${error.instancePath}/${String(error.params.missingProperty)}`;
    case 'additionalProperties':
      return `${error.instancePath}/${String(error.params.additionalProperty)}`;
    default:
      return error.instancePath;
  }
}

/**
 * The parts of `data` that the schema errors do not touch, keeping positions (so problems name the
 * right entry): the rules beyond the schema run on them, and no field is reported twice.
 */
function passedParts(data: unknown, errors: readonly ErrorObject[]): PassedDirectory {
  const failed = errors.map(failedPointer);
  const passed = (pointer: string): boolean =>
    !failed.some((bad) => pointer === bad || pointer.startsWith(`${bad}/`));
  const record = (value: unknown, pointer: string): Record<string, unknown> | undefined =>
    passed(pointer) && typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const list = (value: unknown, pointer: string): readonly unknown[] | undefined =>
    passed(pointer) && Array.isArray(value) ? value : undefined;
  const text = (value: unknown, pointer: string): string | undefined =>
    passed(pointer) && typeof value === 'string' ? value : undefined;
  // Mapping keeps a list token recognizable: it is one string element.
  const texts = (value: unknown, pointer: string): (string | undefined)[] | undefined =>
    list(value, pointer)?.map((item, index) => text(item, `${pointer}/${index}`));

  const root = record(data, '');
  return {
    users: (list(root?.users, '/users') ?? []).map((entry, index) => {
      const at = `/users/${index}`;
      const user = record(entry, at);
      return user === undefined
        ? undefined
        : {
            email: text(user.email, `${at}/email`),
            fullName: text(user.fullName, `${at}/fullName`),
            role: text(user.role, `${at}/role`),
            phoneNumber: text(user.phoneNumber, `${at}/phoneNumber`),
          };
    }),
    groups: (list(root?.groups, '/groups') ?? []).map((entry, index) => {
      const at = `/groups/${index}`;
      const group = record(entry, at);
      return group === undefined
        ? undefined
        : { name: text(group.name, `${at}/name`), members: texts(group.members, `${at}/members`) };
    }),
    external: texts(root?.external, '/external'),
  };
}

/** The rules beyond the schema: the provider's value rules, uniqueness and member references. */
function directoryProblems(spec: PassedDirectory): string[] {
  const problems: string[] = [];
  const literal = (where: string, value: string): boolean => {
    if (!isUnresolvedString(value)) return true;
    problems.push(
      `${where}: must be a literal value, not a token (construct ids and member references derive from it)`,
    );
    return false;
  };
  const literalList = (where: string, values: readonly (string | undefined)[]): boolean => {
    if (!Token.isUnresolved(values)) return true;
    problems.push(
      `${where}: must be a literal list, not a token (each email is checked against the users of the directory)`,
    );
    return false;
  };

  const declared = new Map<string, string>();
  spec.users.forEach((user, index) => {
    if (user === undefined) return;
    const where = `users[${index}]`;
    problems.push(...invitationProblems(where, user));
    if (user.email === undefined || !literal(`${where}.email`, user.email)) return;
    const first = declared.get(emailKey(user.email));
    if (first !== undefined) {
      problems.push(
        `${where}.email: "${user.email}" is already declared at ${first} (emails are compared case-insensitively)`,
      );
    } else declared.set(emailKey(user.email), `${where}.email`);
  });

  const outside = new Map<string, string>();
  const external = spec.external ?? [];
  if (literalList('external', external)) {
    external.forEach((email, index) => {
      const where = `external[${index}]`;
      if (email === undefined || !literal(where, email)) return;
      const key = emailKey(email);
      const first = declared.get(key) ?? outside.get(key);
      if (first !== undefined) {
        problems.push(
          `${where}: "${email}" is already declared at ${first} (emails are compared case-insensitively)`,
        );
      } else outside.set(key, where);
    });
  }

  const names = new Map<string, string>();
  spec.groups.forEach((group, groupIndex) => {
    if (group === undefined) return;
    const where = `groups[${groupIndex}]`;
    if (group.name !== undefined && literal(`${where}.name`, group.name)) {
      const invalid = checkValue(`${where}.name`, group.name, groupNameProblem);
      problems.push(...invalid);
      const first = names.get(groupKey(group.name));
      if (invalid.length > 0) {
        // A blank name has no construct id: reported above.
      } else if (first !== undefined) {
        problems.push(
          `${where}.name: "${group.name}" is already declared at ${first} (group names are compared case-insensitively)`,
        );
      } else names.set(groupKey(group.name), `${where}.name`);
    }
    if (group.members === undefined || !literalList(`${where}.members`, group.members)) return;
    const members = new Map<string, string>();
    group.members.forEach((email, memberIndex) => {
      const at = `${where}.members[${memberIndex}]`;
      if (email === undefined || !literal(at, email)) return;
      const key = emailKey(email);
      const first = members.get(key);
      if (first !== undefined) {
        problems.push(
          `${at}: "${email}" is already listed at ${first} (emails are compared case-insensitively)`,
        );
        return;
      }
      members.set(key, at);
      if (!declared.has(key) && !outside.has(key)) {
        problems.push(`${at}: "${email}" is neither a user of this directory nor listed in external`);
      }
    });
  });
  return problems;
}
