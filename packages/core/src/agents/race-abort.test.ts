import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors/run-errors.js';
import { deferred } from '../test-support/deferred.js';
import { raceAbort } from './race-abort.js';

describe('raceAbort', () => {
  it('returns the promise itself without a signal', () => {
    const promise = Promise.resolve(1);
    expect(raceAbort(promise, undefined, 'op')).toBe(promise);
  });

  it('settles like the promise while the signal stays quiet', async () => {
    const signal = new AbortController().signal;
    await expect(raceAbort(Promise.resolve('v'), signal, 'op')).resolves.toBe('v');
    await expect(raceAbort(Promise.reject(new Error('e')), signal, 'op')).rejects.toThrow('e');
  });

  it('rejects with AbortedError, carrying the reason, when the signal aborts first', async () => {
    const controller = new AbortController();
    const work = deferred<string>();
    const raced = raceAbort(work.promise, controller.signal, 'generate');
    controller.abort('user pressed stop');
    const error: unknown = await raced.catch((e: unknown) => e);
    expect(AbortedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ operation: 'generate', cause: 'user pressed stop' });
    work.resolve('too late');
  });

  it('rejects at once for an aborted signal, and a later failure of the work goes unnoticed', async () => {
    const work = deferred<string>();
    await expect(raceAbort(work.promise, AbortSignal.abort(), 'op')).rejects.toThrow(
      'op was aborted',
    );
    work.reject(new Error('nobody listens'));
  });
});
