import { SETTING_RULES } from '../../provider/client/settings';
import { type TfObject, UNKNOWN } from '../../provider/framework/types';
import { createLogger } from '../../provider/log';
import { aponoProvider } from '../../provider/provider';
import { type FakeApi, startFakeApi } from '../client/fake-api';
import { packageInfo } from '../../provider/client/package-info';
import {
  DEFAULT_ENDPOINT,
  SETTINGS_ATTRIBUTES,
  loggableSettings,
  resolveSettings,
  settingsProblems,
  validateSettingsConfig,
} from '../../provider/settings';

const EMPTY_CONFIG = {
  endpoint: null,
  personal_token: null,
  max_retries: null,
  requests_per_second: null,
  request_timeout: null,
  operation_timeout: null,
  adopt_existing: null,
};

const DEFAULT_NUMBERS = {
  maxRetries: SETTING_RULES.maxRetries.defaultValue,
  requestsPerSecond: SETTING_RULES.requestsPerSecond.defaultValue,
  requestTimeoutSeconds: SETTING_RULES.requestTimeoutSeconds.defaultValue,
  operationTimeoutSeconds: SETTING_RULES.operationTimeoutSeconds.defaultValue,
};

/** The attribute paths of a list of diagnostics. */
const paths = (diagnostics: ReadonlyArray<{ path?: ReadonlyArray<string | number> }>) =>
  diagnostics.map((diagnostic) => diagnostic.path);

describe('resolveSettings', () => {
  it('GIVEN nothing configured WHEN resolved THEN the defaults of the table apply', () => {
    const settings = resolveSettings(EMPTY_CONFIG, {});
    expect(settings).toMatchObject({ endpoint: DEFAULT_ENDPOINT, token: null, numbers: DEFAULT_NUMBERS });
    expect(settings.origins.request_timeout).toBe('default');
  });

  it.each<[string, Record<string, unknown>, Record<string, string>, boolean]>([
    ['nothing', {}, {}, false],
    ['APONO_ADOPT_EXISTING=true', {}, { APONO_ADOPT_EXISTING: 'true' }, true],
    ['APONO_ADOPT_EXISTING=1', {}, { APONO_ADOPT_EXISTING: '1' }, true],
    [
      'adopt_existing = false over APONO_ADOPT_EXISTING=true',
      { adopt_existing: false },
      { APONO_ADOPT_EXISTING: 'true' },
      false,
    ],
    ['adopt_existing = true', { adopt_existing: true }, {}, true],
  ])('GIVEN %s WHEN resolved THEN adoption is %s', (_name, config, env, adopt) => {
    expect(resolveSettings({ ...EMPTY_CONFIG, ...config } as TfObject, env).adoptExisting).toBe(adopt);
  });

  it('GIVEN APONO_ADOPT_EXISTING that is not a bool WHEN checked THEN the error names the env var', () => {
    const problems = settingsProblems(
      resolveSettings(EMPTY_CONFIG, { APONO_PERSONAL_TOKEN: 'aup_x', APONO_ADOPT_EXISTING: 'maybe' }),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        path: ['adopt_existing'],
        detail: expect.stringContaining('APONO_ADOPT_EXISTING'),
      }),
    ]);
  });

  it('GIVEN only env vars WHEN resolved THEN they are used', () => {
    const env = {
      APONO_ENDPOINT: 'http://127.0.0.1:1234',
      APONO_PERSONAL_TOKEN: 'aup_env',
      APONO_MAX_RETRIES: '7',
      APONO_REQUESTS_PER_SECOND: '3',
      APONO_REQUEST_TIMEOUT: '9',
      APONO_OPERATION_TIMEOUT: '45',
    };
    expect(resolveSettings(EMPTY_CONFIG, env)).toMatchObject({
      endpoint: 'http://127.0.0.1:1234',
      token: 'aup_env',
      numbers: { maxRetries: 7, requestsPerSecond: 3, requestTimeoutSeconds: 9, operationTimeoutSeconds: 45 },
    });
  });

  it('GIVEN both config and env WHEN resolved THEN the config wins, attribute by attribute', () => {
    const config = {
      ...EMPTY_CONFIG,
      endpoint: 'https://tenant.example',
      personal_token: 'aup_config',
      max_retries: 1,
      operation_timeout: 20,
    };
    const env = {
      APONO_ENDPOINT: 'http://127.0.0.1:1',
      APONO_PERSONAL_TOKEN: 'aup_env',
      APONO_MAX_RETRIES: '9',
      APONO_OPERATION_TIMEOUT: '50',
      APONO_REQUEST_TIMEOUT: '4',
    };
    const settings = resolveSettings(config, env);
    expect(settings).toMatchObject({
      endpoint: 'https://tenant.example',
      token: 'aup_config',
      numbers: { maxRetries: 1, operationTimeoutSeconds: 20, requestTimeoutSeconds: 4 },
    });
    expect(settings.origins).toMatchObject({ max_retries: 'config', request_timeout: 'env' });
  });

  it.each(['', '   '])('GIVEN env vars set to %j WHEN resolved THEN they count as unset', (blank) => {
    const env = { APONO_ENDPOINT: blank, APONO_PERSONAL_TOKEN: blank, APONO_REQUEST_TIMEOUT: blank };
    expect(resolveSettings(EMPTY_CONFIG, env)).toMatchObject({
      endpoint: DEFAULT_ENDPOINT,
      token: null,
      numbers: DEFAULT_NUMBERS,
    });
  });

  it('GIVEN endpoint = "" in the config and an env var WHEN resolved THEN the empty config value is kept (and reported)', () => {
    const settings = resolveSettings(
      { ...EMPTY_CONFIG, endpoint: '' },
      { APONO_ENDPOINT: 'http://127.0.0.1:1' },
    );
    expect(settings.endpoint).toBe('');
    expect(paths(settingsProblems({ ...settings, token: 'aup_x' }))).toEqual([['endpoint']]);
  });
});

describe('settingsProblems', () => {
  const withToken = { APONO_PERSONAL_TOKEN: 'aup_x' };

  it('GIVEN defaults and a token WHEN checked THEN there is nothing to report', () => {
    expect(settingsProblems(resolveSettings(EMPTY_CONFIG, withToken))).toEqual([]);
  });

  it('GIVEN no token anywhere WHEN checked THEN the error names the attribute and the env var', () => {
    const [problem] = settingsProblems(resolveSettings(EMPTY_CONFIG, {}));
    expect(problem.path).toEqual(['personal_token']);
    expect(problem.detail).toContain('personal_token');
    expect(problem.detail).toContain('APONO_PERSONAL_TOKEN');
  });

  it.each([
    ['APONO_MAX_RETRIES', 'abc', 'max_retries'],
    ['APONO_MAX_RETRIES', '0x10', 'max_retries'],
    ['APONO_REQUEST_TIMEOUT', '10s', 'request_timeout'],
    ['APONO_OPERATION_TIMEOUT', 'Infinity', 'operation_timeout'],
    ['APONO_REQUESTS_PER_SECOND', 'fast', 'requests_per_second'],
  ])(
    'GIVEN %s=%j, not a number, WHEN checked THEN %s is reported naming the env var and its text',
    (name, value, attribute) => {
      const problems = settingsProblems(resolveSettings(EMPTY_CONFIG, { ...withToken, [name]: value }));
      expect(paths(problems)).toEqual([[attribute]]);
      expect(problems[0].detail).toContain(name);
      expect(problems[0].detail).toContain(`"${value}", which is not a number`);
    },
  );

  it.each([
    ['APONO_MAX_RETRIES', '21', 'max_retries'],
    ['APONO_MAX_RETRIES', '1.5', 'max_retries'],
    ['APONO_REQUEST_TIMEOUT', '0', 'request_timeout'],
    ['APONO_REQUEST_TIMEOUT', '1000000000', 'request_timeout'],
    ['APONO_OPERATION_TIMEOUT', '0.5', 'operation_timeout'],
    ['APONO_REQUESTS_PER_SECOND', '-1', 'requests_per_second'],
  ])(
    'GIVEN %s=%s, out of range, WHEN checked THEN %s is reported naming the env var',
    (name, value, attribute) => {
      const problems = settingsProblems(resolveSettings(EMPTY_CONFIG, { ...withToken, [name]: value }));
      expect(paths(problems)).toEqual([[attribute]]);
      expect(problems[0].detail).toContain(`${name} (for ${attribute}) must be`);
    },
  );

  it('GIVEN an out-of-range config value WHEN checked THEN it names the attribute, not the env var', () => {
    const problems = settingsProblems(
      resolveSettings(
        { ...EMPTY_CONFIG, request_timeout: 301 },
        { ...withToken, APONO_REQUEST_TIMEOUT: '5' },
      ),
    );
    expect(problems.map((problem) => problem.detail)).toEqual([
      'request_timeout must be a number of seconds from 1 to 300; got 301.',
    ]);
  });

  it('GIVEN requests_per_second = 0 WHEN checked THEN it is accepted (no cap)', () => {
    expect(settingsProblems(resolveSettings({ ...EMPTY_CONFIG, requests_per_second: 0 }, withToken))).toEqual(
      [],
    );
  });

  it('GIVEN a token with a trailing newline WHEN checked THEN personal_token is reported without echoing it', () => {
    const problems = settingsProblems(
      resolveSettings({ ...EMPTY_CONFIG, personal_token: 'aup_secret\n' }, {}),
    );
    expect(paths(problems)).toEqual([['personal_token']]);
    expect(JSON.stringify(problems)).not.toContain('aup_secret');
  });

  it.each([
    ['userinfo', 'https://apono:pa55word@api.example.com', 'pa55word'],
    ['a query', 'https://api.example.com/?token=qu3ry', 'qu3ry'],
    ['a fragment', 'https://api.example.com/#fr4gment', 'fr4gment'],
    ['userinfo in a URL that does not parse', 'https://apono:pa55word@api.example.com:99999', 'pa55word'],
    ['the token in the path of an http URL', 'http://api.example.com/aup_x', 'aup_x'],
    ['the token in the path of an https URL', 'https://api.example.com/aup_x', 'aup_x'],
  ])(
    'GIVEN APONO_ENDPOINT with a secret in %s WHEN checked THEN endpoint is reported without the secret',
    (_name, endpoint, secret) => {
      const problems = settingsProblems(
        resolveSettings(EMPTY_CONFIG, { ...withToken, APONO_ENDPOINT: endpoint }),
      );
      expect(paths(problems)).toEqual([['endpoint']]);
      expect(problems[0].detail).toContain('APONO_ENDPOINT');
      expect(JSON.stringify(problems)).not.toContain(secret);
    },
  );
});

describe('validateSettingsConfig (ValidateProviderConfig)', () => {
  it.each([
    ['endpoint', ''],
    ['personal_token', ''],
    ['endpoint', 'ftp://api.example.com'],
    ['endpoint', 'https://api.apono.io/v1'],
    ['endpoint', 'https://api.apono.io/api/v3'],
    ['personal_token', 'aup with space'],
    ['max_retries', -1],
    ['max_retries', 21],
    ['max_retries', 2.5],
    ['request_timeout', 0],
    ['request_timeout', 1_000_000_000],
    ['operation_timeout', 0.5],
    ['operation_timeout', 3601],
    ['requests_per_second', -1],
    ['requests_per_second', 1001],
  ])('GIVEN %s = %j in the provider block WHEN validated THEN the error is on %s', (attribute, value) => {
    expect(paths(validateSettingsConfig({ ...EMPTY_CONFIG, [attribute]: value }))).toEqual([[attribute]]);
  });

  it.each([
    ['endpoint', 'https://api.apono.io'],
    ['endpoint', 'https://api.apono.io/'],
    ['endpoint', 'https://api.apono.io/api'],
    ['endpoint', 'https://api.apono.io/api/'],
    ['personal_token', 'aup_ok'],
    ['max_retries', 0],
    ['request_timeout', 300],
    ['operation_timeout', 1],
    ['requests_per_second', 0],
  ])('GIVEN %s = %j WHEN validated THEN it passes', (attribute, value) => {
    expect(validateSettingsConfig({ ...EMPTY_CONFIG, [attribute]: value })).toEqual([]);
  });

  it('GIVEN unknown values WHEN validated THEN nothing is reported (they are checked at configure)', () => {
    const unknownConfig: TfObject = Object.fromEntries(
      Object.keys(EMPTY_CONFIG).map((name) => [name, UNKNOWN] as const),
    );
    expect(validateSettingsConfig(unknownConfig)).toEqual([]);
  });

  it('GIVEN an endpoint with another base path WHEN validated THEN the detail says which forms are accepted', () => {
    const [problem] = validateSettingsConfig({ ...EMPTY_CONFIG, endpoint: 'https://api.apono.io/v1' });
    expect(problem.path).toEqual(['endpoint']);
    expect(problem.detail).toContain('has the path /v1');
    expect(problem.detail).toContain('https://api.apono.io, optionally followed by /, /api or /api/');
  });

  it('GIVEN an endpoint = "" WHEN validated THEN the detail says how to fall back to the env var', () => {
    const [problem] = validateSettingsConfig({ ...EMPTY_CONFIG, endpoint: '' });
    expect(problem.detail).toContain('APONO_ENDPOINT');
  });

  it('GIVEN the provider WHEN it validates THEN it uses these checks', () => {
    expect(paths(aponoProvider.validate({ ...EMPTY_CONFIG, max_retries: -1 }))).toEqual([['max_retries']]);
  });
});

describe('SETTINGS_ATTRIBUTES', () => {
  it.each([
    ['max_retries', 'APONO_MAX_RETRIES', 'Default: `5`.', 'An integer from 0 to 20.'],
    ['request_timeout', 'APONO_REQUEST_TIMEOUT', 'Default: `10`.', 'A number of seconds from 1 to 300.'],
    ['operation_timeout', 'APONO_OPERATION_TIMEOUT', 'Default: `30`.', 'A number of seconds from 1 to 3600.'],
    [
      'requests_per_second',
      'APONO_REQUESTS_PER_SECOND',
      'Default: `0`.',
      'A number from 0 to 1000 (0: no cap).',
    ],
  ] as const)('%s names %s, its default and its range', (attribute, env, defaultText, range) => {
    const { description } = SETTINGS_ATTRIBUTES[attribute];
    expect(description).toContain(`Env: \`${env}\`.`);
    expect(description).toContain(defaultText);
    expect(description).toContain(range);
  });

  it('are the provider schema', () => {
    expect(aponoProvider.schema.attributes).toBe(SETTINGS_ATTRIBUTES);
  });
});

describe('loggableSettings', () => {
  it('shows the endpoint sanitized, every number by attribute, and no token', () => {
    const settings = resolveSettings(EMPTY_CONFIG, {
      APONO_PERSONAL_TOKEN: 'aup_logged',
      APONO_ENDPOINT: 'https://api.example.com/aup_logged',
    });
    expect(loggableSettings(settings)).toEqual({
      endpoint: 'https://api.example.com/[redacted]',
      adopt_existing: 'false',
      max_retries: 5,
      requests_per_second: 0,
      request_timeout: 10,
      operation_timeout: 30,
    });
  });
});

describe('configure', () => {
  const log = createLogger({ write: () => undefined });
  // An API whose user listing answers: configure checks access with one request.
  let api: FakeApi;
  beforeAll(async () => {
    api = await startFakeApi(() => ({
      status: 200,
      body: { items: [], pagination: { next_page_token: null } },
    }));
  });
  afterAll(async () => {
    await api?.close();
  });

  it('GIVEN an http endpoint that is not loopback WHEN configured THEN it is an error on endpoint and no client is made', async () => {
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: 'http://api.example.com', personal_token: 'aup_secret' },
      log,
    );
    expect(result.ctx).toBeNull();
    expect(result.diagnostics[0].path).toEqual(['endpoint']);
    expect(JSON.stringify(result.diagnostics)).not.toContain('aup_secret');
  });

  it('GIVEN an unknown endpoint WHEN configured THEN it is reported, not guessed', async () => {
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: UNKNOWN, personal_token: 't' },
      log,
    );
    expect(result.ctx).toBeNull();
    expect(result.diagnostics[0].detail).toContain('endpoint');
  });

  it('GIVEN an unknown request_timeout WHEN configured THEN the default is used and the provider is configured', async () => {
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: api.url, personal_token: 'aup_x', request_timeout: UNKNOWN },
      log,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.ctx).not.toBeNull();
    result.ctx?.ctx.client.stop();
  });

  it('GIVEN a secret in the endpoint path WHEN configured THEN it is an error on endpoint that does not show the secret', async () => {
    // GIVEN a logger that keeps its lines
    const lines: string[] = [];
    const debugLog = createLogger({ write: (line) => lines.push(line), threshold: 0 });

    // WHEN the provider is configured with the token pasted into the endpoint's path
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: `${api.url}/aup_pasted`, personal_token: 'aup_pasted' },
      debugLog,
    );
    result.ctx?.ctx.client.stop();

    // THEN the path is refused on endpoint, and the token shows nowhere
    expect(result.ctx).toBeNull();
    expect(paths(result.diagnostics)).toEqual([['endpoint']]);
    expect(JSON.stringify(result.diagnostics) + lines.join('\n')).not.toContain('aup_pasted');
  });

  it('GIVEN Terraform 1.11.4 WHEN configured THEN the access check sends a User-Agent naming this provider and Terraform 1.11.4', async () => {
    const seenBefore = api.requests.length;

    // WHEN the provider is configured as the protocol layer does, with the version Terraform sent
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: api.url, personal_token: 'aup_x' },
      log,
      { version: '1.11.4' },
    );
    result.ctx?.ctx.client.stop();

    // THEN the one request of the access check carries both products
    const agents = api.requests.slice(seenBefore).map((request) => request.headers['user-agent']);
    expect(agents).toEqual([`terraform-provider-apono-ts/${packageInfo().version} terraform/1.11.4`]);
  });

  it('GIVEN the endpoint with /api/ WHEN configured THEN the access check requests /api/admin/v3/users', async () => {
    // GIVEN a logger that keeps its lines
    const lines: string[] = [];
    const debugLog = createLogger({ write: (line) => lines.push(line), threshold: 0 });

    const seenBefore = api.requests.length;

    // WHEN the provider is configured with Apono's documented form of the base URL
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: `${api.url}/api/`, personal_token: 'aup_x' },
      debugLog,
    );
    result.ctx?.ctx.client.stop();

    // THEN the access check asked for the user listing at /api/admin/v3/users, not /api/api/...
    expect(result.diagnostics).toEqual([]);
    expect(api.requests.slice(seenBefore).map((request) => request.path)).toEqual(['/api/admin/v3/users']);
    expect(lines.some((line) => line.includes('provider configured'))).toBe(true);
  });
});
