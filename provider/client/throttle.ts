/**
 * Client-side limits: a requests-per-second token bucket and a concurrency semaphore. Both wait
 * cancellably so that `AponoClient.stop()` ends every pending wait at once.
 */

/** A monotonic clock in milliseconds; injectable for tests. */
export type Clock = () => number;

/**
 * Token bucket: `ratePerSecond` tokens a second, holding at most `burst`. A reservation may take
 * the bucket below zero; the caller then waits for the returned time, which keeps waiters in
 * arrival order without a queue.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number = Math.max(1, Math.ceil(ratePerSecond)),
    private readonly clock: Clock = () => performance.now(),
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = burst;
    this.updatedAt = clock();
  }

  /** Takes one token and returns how many milliseconds to wait before using it (0 = now). */
  reserve(): number {
    const now = this.clock();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.ratePerSecond);
  }
}

/** Resolves after `ms`, or rejects with `onAbort()` as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal, onAbort: () => Error): Promise<void> {
  if (signal.aborted) return Promise.reject(onAbort());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal.addEventListener('abort', abort, { once: true });
  });
}

/** Releases a semaphore slot; calling it twice is harmless. */
export type Release = () => void;

/** At most `limit` holders at a time; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError('limit must be an integer >= 1');
  }

  /** Waits for a free slot; rejects with `onAbort()` if `signal` aborts first. */
  acquire(signal: AbortSignal, onAbort: () => Error): Promise<Release> {
    if (signal.aborted) return Promise.reject(onAbort());
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', abort);
        this.active += 1;
        resolve(this.releaser());
      };
      const abort = (): void => {
        const index = this.waiters.indexOf(grant);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(onAbort());
      };
      this.waiters.push(grant);
      signal.addEventListener('abort', abort, { once: true });
    });
  }

  private releaser(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
      this.waiters.shift()?.();
    };
  }
}
