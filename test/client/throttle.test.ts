import { Semaphore, TokenBucket, sleep } from '../../provider/client/throttle';

class FakeClock {
  now = 0;
  readonly read = (): number => this.now;
}

const cancelled = (): Error => new Error('cancelled');

describe('TokenBucket', () => {
  it('lets a full burst through without waiting', () => {
    // GIVEN a bucket of 5 per second, burst 5
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 5, clock.read);

    // WHEN 5 tokens are reserved at once THEN none waits
    expect(Array.from({ length: 5 }, () => bucket.reserve())).toEqual([0, 0, 0, 0, 0]);
  });

  it('makes requests beyond the burst wait one interval each, in order', () => {
    // GIVEN an empty bucket of 5 per second (one token every 200 ms)
    const clock = new FakeClock();
    const bucket = new TokenBucket(5, 5, clock.read);
    for (let i = 0; i < 5; i++) bucket.reserve();

    // WHEN three more are reserved at the same instant
    const waits = [bucket.reserve(), bucket.reserve(), bucket.reserve()];

    // THEN they are spaced 200 ms apart
    expect(waits).toEqual([200, 400, 600]);
  });

  it('refills with time, up to the burst only', () => {
    // GIVEN an empty bucket of 2 per second, burst 2
    const clock = new FakeClock();
    const bucket = new TokenBucket(2, 2, clock.read);
    bucket.reserve();
    bucket.reserve();

    // WHEN an hour passes
    clock.now += 3_600_000;

    // THEN only the burst is available at once
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500]);
  });

  it('a sub-1 rate still lets the first request through', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(0.5, undefined, clock.read);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 2000]);
  });

  it.each([0, -1, NaN])('rejects a rate of %s', (rate) => {
    expect(() => new TokenBucket(rate)).toThrow(RangeError);
  });
});

describe('Semaphore', () => {
  it('admits at most the limit, then the next waiter on release', async () => {
    // GIVEN a semaphore of 2 with both slots taken
    const semaphore = new Semaphore(2);
    const signal = new AbortController().signal;
    const first = await semaphore.acquire(signal, cancelled);
    await semaphore.acquire(signal, cancelled);
    let thirdAdmitted = false;
    const third = semaphore.acquire(signal, cancelled).then((release) => {
      thirdAdmitted = true;
      return release;
    });
    await Promise.resolve();
    expect(thirdAdmitted).toBe(false);

    // WHEN one holder releases
    first();
    await third;

    // THEN the waiter gets the slot
    expect(thirdAdmitted).toBe(true);
  });

  it('a waiter rejects when its signal aborts, and leaves the queue', async () => {
    // GIVEN a full semaphore and a waiter
    const semaphore = new Semaphore(1);
    const release = await semaphore.acquire(new AbortController().signal, cancelled);
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal, cancelled);

    // WHEN the waiter's signal aborts
    controller.abort();

    // THEN it rejects, and a later release does not hand it a slot
    await expect(waiting).rejects.toThrow('cancelled');
    release();
    const next = await semaphore.acquire(new AbortController().signal, cancelled);
    expect(typeof next).toBe('function');
  });

  it('releasing twice frees only one slot', async () => {
    const semaphore = new Semaphore(1);
    const signal = new AbortController().signal;
    const release = await semaphore.acquire(signal, cancelled);
    release();
    release();
    await semaphore.acquire(signal, cancelled);
    let admitted = false;
    void semaphore.acquire(signal, cancelled).then(() => (admitted = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(admitted).toBe(false);
  });
});

describe('sleep', () => {
  it('rejects at once when the signal aborts mid-wait', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, controller.signal, cancelled);
    controller.abort();
    await expect(waiting).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects before waiting when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(0, controller.signal, cancelled)).rejects.toThrow('cancelled');
  });
});
