/**
 * The real-CLI suites share one apono-sandbox per test file and give every test its own terraform
 * workspace, so each `it` sets up what it needs and runs on its own (`jest -t` one test passes).
 * Tests use identities of their own (distinct emails and group names) so they do not see each other.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SandboxHandle, startSandboxProcess } from '../helpers/sandbox';
import { countWrites, type SeedUser, writeIdpSeed } from './fixtures';
import { TerraformWorkspace } from './terraform';

/** A user as the sandbox's API returns it. */
export interface ApiUser {
  id: string;
  email: string;
  email_aliases: string[];
  first_name: string;
  last_name: string;
  roles: string[];
  status: string;
  phone_number: string | null;
  source_integration_id: string | null;
}

/** A group as the sandbox's API returns it. */
export interface ApiGroup {
  id: string;
  name: string;
  source_integration_id: string | null;
}

export interface SandboxSuiteOptions {
  /** Preload the IdP-owned user and group of fixtures.ts (default true). */
  readonly seedIdp?: boolean;
  /** The bearer token of the sandbox (default: a distinctive one that must never leak). */
  readonly token?: string;
  /** Users preloaded as if invited in Apono's UI (with the IdP identities; default none). */
  readonly seedUsers?: readonly SeedUser[];
  /** Serve the user-write extension (default true); false answers its routes 404, as Apono does. */
  readonly userWrites?: boolean;
}

/** What a test of a suite gets: the shared sandbox, fresh workspaces and API shortcuts. */
export interface SandboxSuite {
  readonly sandbox: SandboxHandle;
  /** A fresh workspace pointed at the sandbox; removed after the test. */
  workspace(extraEnv?: NodeJS.ProcessEnv): TerraformWorkspace;
  /** Every user of the sandbox (IdP-owned ones included). */
  users(): Promise<ApiUser[]>;
  /** The users whose email is one of `emails` (case-insensitive), in the sandbox's order. */
  usersWithEmails(...emails: string[]): Promise<ApiUser[]>;
  groups(): Promise<ApiGroup[]>;
  /** The group with this exact name, or undefined. */
  group(name: string): Promise<ApiGroup | undefined>;
  /** The member emails of a group, sorted. */
  members(groupId: string): Promise<string[]>;
  /** Sends an authenticated API request; throws on a non-2xx answer. */
  api(method: string, requestPath: string, body?: unknown): Promise<unknown>;
  /** Write requests (POST, PUT, PATCH, DELETE under /api/) since the last stats reset. */
  writes(): Promise<number>;
}

/** A token that cannot appear by accident, to prove it never reaches logs, output or state. */
export const SUITE_TOKEN = 'aup_e2eSecretToken_4f1c9a';

/**
 * Registers beforeAll/afterAll/afterEach hooks that start one sandbox for the enclosing describe
 * block and clean up every workspace a test made, even when the test fails.
 */
export function useSandboxSuite(options: SandboxSuiteOptions = {}): SandboxSuite {
  let sandbox: SandboxHandle | undefined;
  let seedDir: string | undefined;
  const workspaces: TerraformWorkspace[] = [];

  beforeAll(async () => {
    seedDir = mkdtempSync(path.join(tmpdir(), 'apono-seed-'));
    sandbox = await startSandboxProcess({
      token: options.token ?? SUITE_TOKEN,
      ...(options.seedIdp === false ? {} : { seedFile: writeIdpSeed(seedDir, options.seedUsers) }),
      ...(options.userWrites === false ? { userWrites: false } : {}),
    });
  });

  afterEach(async () => {
    for (const workspace of workspaces.splice(0)) workspace.remove();
    await sandbox?.control.setFaults({}).catch(() => undefined);
  });

  afterAll(async () => {
    await sandbox?.stop();
    if (seedDir !== undefined) rmSync(seedDir, { recursive: true, force: true });
  });

  const running = (): SandboxHandle => {
    if (sandbox === undefined) throw new Error('the sandbox is not running (use the suite inside a test)');
    return sandbox;
  };
  const api = async (method: string, requestPath: string, body?: unknown): Promise<unknown> => {
    const response = await running().control.request(method, requestPath, body);
    if (response.status < 200 || response.status > 299) {
      throw new Error(
        `${method} ${requestPath} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  };
  const users = async (): Promise<ApiUser[]> =>
    ((await api('GET', '/api/admin/v3/users?limit=1000')) as { items: ApiUser[] }).items;
  const groups = async (): Promise<ApiGroup[]> =>
    ((await api('GET', '/api/admin/v1/groups?limit=1000')) as { items: ApiGroup[] }).items;

  return {
    get sandbox() {
      return running();
    },
    workspace(extraEnv = {}) {
      const handle = running();
      const workspace = new TerraformWorkspace(handle.url, handle.token, extraEnv);
      workspaces.push(workspace);
      return workspace;
    },
    users,
    async usersWithEmails(...emails) {
      const wanted = new Set(emails.map((email) => email.toLowerCase()));
      return (await users()).filter((user) => wanted.has(user.email.toLowerCase()));
    },
    groups,
    async group(name) {
      return (await groups()).find((group) => group.name === name);
    },
    async members(groupId) {
      const page = (await api(
        'GET',
        `/api/admin/v1/groups/${encodeURIComponent(groupId)}/members?limit=1000`,
      )) as { items: { email: string }[] };
      return page.items.map((member) => member.email).sort();
    },
    api,
    async writes() {
      return countWrites(await running().control.stats());
    },
  };
}

/** Text with every run of whitespace as one space: Terraform wraps diagnostics at 78 columns. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}
