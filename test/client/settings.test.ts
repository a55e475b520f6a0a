import {
  MAX_TIMER_MS,
  type NumberSettingName,
  SETTING_RULES,
  describeRange,
  isWithinRule,
  numberSettingsProblems,
  ruleProblem,
  withDefaults,
} from '../../provider/client/settings';

describe('SETTING_RULES', () => {
  it.each<[NumberSettingName, number[], number[]]>([
    ['maxRetries', [0, 5, 20], [-1, 21, 1.5, NaN, Infinity]],
    ['requestTimeoutSeconds', [1, 2.5, 300], [0, 0.5, 301, 1_000_000_000, NaN, Infinity]],
    ['operationTimeoutSeconds', [1, 30, 3600], [0, 0.9, 3601, 1e12, NaN]],
    ['requestsPerSecond', [0, 0.5, 1000], [-1, 1000.5, NaN, Infinity]],
    ['maxConcurrency', [1, 8, 64], [0, 65, 2.5, NaN]],
    ['retryBaseDelayMs', [0, 200, 60_000], [-1, 60_001, NaN]],
    ['retryMaxDelayMs', [0, 10_000, 300_000], [-1, 300_001, NaN]],
    ['maxRetryAfterMs', [0, 60_000, 300_000], [-1, 300_001, NaN]],
  ])('%s accepts %j and refuses %j', (name, accepted, refused) => {
    // GIVEN the rule of one setting  WHEN values are checked  THEN the bounds hold
    const rule = SETTING_RULES[name];
    expect(accepted.map((value) => isWithinRule(rule, value))).toEqual(accepted.map(() => true));
    expect(refused.map((value) => isWithinRule(rule, value))).toEqual(refused.map(() => false));
  });

  it.each(Object.keys(SETTING_RULES) as NumberSettingName[])(
    'the default of %s obeys its own rule',
    (name) => {
      const rule = SETTING_RULES[name];
      expect(isWithinRule(rule, rule.defaultValue)).toBe(true);
    },
  );

  it.each(Object.keys(SETTING_RULES) as NumberSettingName[])(
    'the largest %s fits in a Node timer (a longer delay would fire at once)',
    (name) => {
      const rule = SETTING_RULES[name];
      const maxMs = rule.unit === 'seconds' ? rule.max * 1000 : rule.unit === 'ms' ? rule.max : 0;
      expect(maxMs).toBeLessThanOrEqual(MAX_TIMER_MS);
    },
  );

  it('a server that never answers fails an operation under a minute with the defaults', () => {
    // GIVEN the default timeouts  THEN the operation deadline, not the retry count, bounds the wait
    const { requestTimeoutSeconds, operationTimeoutSeconds, maxRetries } = SETTING_RULES;
    expect(operationTimeoutSeconds.defaultValue).toBeLessThan(60);
    expect(requestTimeoutSeconds.defaultValue * (maxRetries.defaultValue + 1)).toBeGreaterThan(
      operationTimeoutSeconds.defaultValue,
    );
  });
});

describe('describeRange', () => {
  it.each<[NumberSettingName, string]>([
    ['maxRetries', 'an integer from 0 to 20'],
    ['requestTimeoutSeconds', 'a number of seconds from 1 to 300'],
    ['operationTimeoutSeconds', 'a number of seconds from 1 to 3600'],
    ['requestsPerSecond', 'a number from 0 to 1000 (0: no cap)'],
  ])('%s: %s', (name, words) => {
    expect(describeRange(SETTING_RULES[name])).toBe(words);
  });
});

describe('ruleProblem', () => {
  it('names the range and the value for a value out of range', () => {
    expect(ruleProblem(SETTING_RULES.requestTimeoutSeconds, 1_000_000_000)).toBe(
      'must be a number of seconds from 1 to 300; got 1000000000',
    );
  });

  it('is null for a value in range', () => {
    expect(ruleProblem(SETTING_RULES.maxRetries, 3)).toBeNull();
  });
});

describe('numberSettingsProblems', () => {
  it('lists each given setting that breaks its rule, by name', () => {
    // GIVEN two bad settings and a good one
    const problems = numberSettingsProblems({
      maxRetries: -1,
      requestTimeoutSeconds: 1e9,
      maxConcurrency: 4,
    });

    // THEN both bad ones are named
    expect(problems).toEqual([
      'maxRetries must be an integer from 0 to 20; got -1',
      'requestTimeoutSeconds must be a number of seconds from 1 to 300; got 1000000000',
    ]);
  });

  it('has nothing to say about settings left out', () => {
    expect(numberSettingsProblems({})).toEqual([]);
  });
});

describe('withDefaults', () => {
  it('keeps given values and fills the others from the table', () => {
    const resolved = withDefaults({ maxRetries: 2 });
    expect(resolved.maxRetries).toBe(2);
    expect(resolved.requestTimeoutSeconds).toBe(SETTING_RULES.requestTimeoutSeconds.defaultValue);
    expect(resolved.operationTimeoutSeconds).toBe(SETTING_RULES.operationTimeoutSeconds.defaultValue);
  });
});
