import { aponoProvider, DEFAULT_ENDPOINT, resolveSettings, settingsProblems } from '../../provider/provider';
import { UNKNOWN } from '../../provider/framework/types';
import { createLogger } from '../../provider/log';

const EMPTY_CONFIG = {
  endpoint: null,
  personal_token: null,
  max_retries: null,
  requests_per_second: null,
  request_timeout: null,
};

describe('provider settings', () => {
  it('GIVEN nothing configured WHEN resolved THEN the defaults apply', () => {
    expect(resolveSettings(EMPTY_CONFIG, {})).toEqual({
      endpoint: DEFAULT_ENDPOINT,
      token: null,
      maxRetries: 5,
      requestsPerSecond: null,
      requestTimeoutSeconds: 30,
    });
  });

  it('GIVEN only env vars WHEN resolved THEN they are used', () => {
    const env = {
      APONO_ENDPOINT: 'http://127.0.0.1:1234',
      APONO_PERSONAL_TOKEN: 'aup_env',
      APONO_MAX_RETRIES: '7',
      APONO_REQUESTS_PER_SECOND: '3',
      APONO_REQUEST_TIMEOUT: '9',
    };
    expect(resolveSettings(EMPTY_CONFIG, env)).toEqual({
      endpoint: 'http://127.0.0.1:1234',
      token: 'aup_env',
      maxRetries: 7,
      requestsPerSecond: 3,
      requestTimeoutSeconds: 9,
    });
  });

  it('GIVEN both config and env WHEN resolved THEN the config wins', () => {
    const config = {
      ...EMPTY_CONFIG,
      endpoint: 'https://tenant.example',
      personal_token: 'aup_config',
      max_retries: 1,
    };
    const env = {
      APONO_ENDPOINT: 'http://127.0.0.1:1',
      APONO_PERSONAL_TOKEN: 'aup_env',
      APONO_MAX_RETRIES: '9',
    };
    expect(resolveSettings(config, env)).toMatchObject({
      endpoint: 'https://tenant.example',
      token: 'aup_config',
      maxRetries: 1,
    });
  });

  it('GIVEN no token anywhere WHEN checked THEN the error names the attribute and the env var', () => {
    const [problem] = settingsProblems(resolveSettings(EMPTY_CONFIG, {}));
    expect(problem.path).toEqual(['personal_token']);
    expect(problem.detail).toContain('personal_token');
    expect(problem.detail).toContain('APONO_PERSONAL_TOKEN');
  });

  it.each([
    ['APONO_MAX_RETRIES', 'abc', 'max_retries'],
    ['APONO_REQUEST_TIMEOUT', '0', 'request_timeout'],
    ['APONO_REQUESTS_PER_SECOND', '-1', 'requests_per_second'],
  ])('GIVEN %s=%s WHEN checked THEN %s is reported', (name, value, attribute) => {
    const problems = settingsProblems(
      resolveSettings(EMPTY_CONFIG, { APONO_PERSONAL_TOKEN: 't', [name]: value }),
    );
    expect(problems.map((problem) => problem.path)).toEqual([[attribute]]);
  });

  it('GIVEN an http endpoint that is not loopback WHEN configured THEN it is an error on endpoint and no client is made', async () => {
    const log = createLogger({ write: () => undefined });
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: 'http://api.example.com', personal_token: 'aup_secret' },
      log,
    );
    expect(result.ctx).toBeNull();
    expect(result.diagnostics[0].path).toEqual(['endpoint']);
    expect(JSON.stringify(result.diagnostics)).not.toContain('aup_secret');
  });

  it('GIVEN an unknown provider attribute WHEN configured THEN it is reported, not guessed', async () => {
    const log = createLogger({ write: () => undefined });
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: UNKNOWN, personal_token: 't' },
      log,
    );
    expect(result.ctx).toBeNull();
    expect(result.diagnostics[0].detail).toContain('endpoint');
  });

  it('GIVEN a negative max_retries in the config WHEN validated THEN the diagnostic points at max_retries', () => {
    expect(aponoProvider.validate({ ...EMPTY_CONFIG, max_retries: -1 }).map((d) => d.path)).toEqual([
      ['max_retries'],
    ]);
  });
});

describe('provider settings: token and unknown values', () => {
  const log = createLogger({ write: () => undefined });

  it('GIVEN an empty personal_token and no env var WHEN checked THEN the token is reported missing', () => {
    const problems = settingsProblems(resolveSettings({ ...EMPTY_CONFIG, personal_token: '' }, {}));
    expect(problems.map((problem) => problem.summary)).toEqual(['Missing Apono personal token']);
  });

  it('GIVEN a token with a trailing newline WHEN checked THEN personal_token is reported without echoing it', () => {
    const problems = settingsProblems(
      resolveSettings({ ...EMPTY_CONFIG, personal_token: 'aup_secret\n' }, {}),
    );
    expect(problems.map((problem) => problem.path)).toEqual([['personal_token']]);
    expect(JSON.stringify(problems)).not.toContain('aup_secret');
  });

  it('GIVEN an unknown request_timeout WHEN configured THEN the default is used and the provider is configured', async () => {
    const result = await aponoProvider.configure(
      { ...EMPTY_CONFIG, endpoint: 'http://127.0.0.1:9', personal_token: 'aup_x', request_timeout: UNKNOWN },
      log,
    );
    expect(result.diagnostics).toEqual([]);
    expect(result.ctx).not.toBeNull();
  });
});
