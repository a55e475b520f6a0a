import { Diagnostic } from '../../provider/framework/types';
import { hasErrors, thrownMessage } from '../../provider/framework/diagnostics';
import { encodeAttributePath, encodeDiagnostic } from '../../provider/protocol/diagnostics';

describe('GIVEN framework diagnostics', () => {
  test('WHEN a path has names and indexes THEN names become attribute_name and numbers element_key_int', () => {
    expect(encodeAttributePath(['rules', 2, 'email'])).toEqual({
      steps: [{ attribute_name: 'rules' }, { element_key_int: 2 }, { attribute_name: 'email' }],
    });
  });

  test.each<[Diagnostic, object]>([
    [
      { severity: 'error', summary: 'Bad', detail: 'very bad', path: ['name'] },
      {
        severity: 'ERROR',
        summary: 'Bad',
        detail: 'very bad',
        attribute: { steps: [{ attribute_name: 'name' }] },
      },
    ],
    [
      { severity: 'warning', summary: 'Hmm' },
      { severity: 'WARNING', summary: 'Hmm', detail: '', attribute: null },
    ],
  ])('WHEN %j is encoded THEN the message is %j', (diagnostic, message) => {
    expect(encodeDiagnostic(diagnostic)).toEqual(message);
  });

  test('WHEN only warnings are present THEN there are no errors', () => {
    expect(hasErrors([{ severity: 'warning', summary: 'w' }])).toBe(false);
    expect(
      hasErrors([
        { severity: 'warning', summary: 'w' },
        { severity: 'error', summary: 'e' },
      ]),
    ).toBe(true);
  });
});

describe('GIVEN a thrown value', () => {
  test('WHEN it is an Error holding secrets in other properties THEN only its message reaches the diagnostic', () => {
    const error = Object.assign(new Error('request failed with status 401'), {
      config: { headers: { Authorization: 'Bearer sk-live-123' } },
    });
    const message = thrownMessage(error);
    expect(message).toBe('request failed with status 401');
    expect(message).not.toContain('sk-live-123');
  });

  test.each([
    ['a string', 'plain text', 'plain text'],
    ['an object', { token: 'sk-live-123' }, 'an unknown error was thrown'],
    ['undefined', undefined, 'an unknown error was thrown'],
  ])('WHEN it is %s THEN the detail is %j', (_name, thrown, detail) => {
    expect(thrownMessage(thrown)).toBe(detail);
  });
});
