/** Settings for waiting until the API shows what was written (eventual consistency). */
export interface WaitSettings {
  readonly attempts: number;
  readonly delayMs: number;
}

export const DEFAULT_WAIT: WaitSettings = { attempts: 10, delayMs: 200 };

/**
 * Reads until `accept` holds, at most `attempts` times, and returns the last read either way: the
 * caller reports what the API shows, so a state never claims more than the API confirmed
 * (okta#2936, azuread#578).
 */
export async function readUntil<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  settings: WaitSettings = DEFAULT_WAIT,
): Promise<{ value: T; converged: boolean }> {
  let value = await read();
  for (let attempt = 1; attempt < settings.attempts && !accept(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, settings.delayMs * Math.min(attempt, 5)));
    value = await read();
  }
  return { value, converged: accept(value) };
}
