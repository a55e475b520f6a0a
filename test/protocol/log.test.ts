import { createLogger, formatLogLine, hclogTimestamp, logThreshold, redact } from '../../provider/log';

describe('GIVEN the hclog logger', () => {
  test('WHEN a line is formatted THEN it is hclog JSON with level, message, module and a 6-digit timestamp', () => {
    const line = JSON.parse(
      formatLogLine(
        'debug',
        'hello',
        { group: 'g1' },
        'provider.apono',
        new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)),
      ),
    );
    expect(line).toEqual({
      '@level': 'debug',
      '@message': 'hello',
      '@module': 'provider.apono',
      '@timestamp': '2026-01-02T03:04:05.678000Z',
      group: 'g1',
    });
  });

  test('WHEN formatting a timestamp THEN it matches go-plugin layout 2006-01-02T15:04:05.000000Z07:00', () => {
    expect(hclogTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000000Z');
  });

  test('WHEN fields have secret-looking keys THEN their values are redacted', () => {
    expect(
      redact({
        personal_token: 't',
        Authorization: 'Bearer x',
        client_secret: 's',
        password: 'p',
        user: 'u',
      }),
    ).toEqual({
      personal_token: '[REDACTED]',
      Authorization: '[REDACTED]',
      client_secret: '[REDACTED]',
      password: '[REDACTED]',
      user: 'u',
    });
  });

  test('WHEN an Error is logged as a field THEN only its message is written', () => {
    const error = Object.assign(new Error('boom'), { config: { headers: { authorization: 'Bearer sk' } } });
    const line = formatLogLine('error', 'failed', { error });
    expect(line).toContain('"error":"boom"');
    expect(line).not.toContain('sk');
  });

  test.each([
    [{}, 2],
    [{ TF_LOG: 'TRACE' }, 0],
    [{ TF_LOG: 'warn' }, 3],
    [{ TF_LOG: 'info', TF_LOG_PROVIDER: 'debug' }, 1],
    [{ TF_LOG: 'json' }, 0],
    [{ TF_LOG: 'off' }, Number.POSITIVE_INFINITY],
  ])('WHEN the environment is %j THEN the threshold is %s', (env, expected) => {
    expect(logThreshold(env)).toBe(expected);
  });

  test('WHEN logging below the threshold THEN nothing is written', () => {
    const lines: string[] = [];
    const logger = createLogger({ threshold: 2, write: (line) => lines.push(line) });
    logger.debug('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"shown"');
    expect(lines[0]!.endsWith('\n')).toBe(true);
  });
});
