import { rejection } from '@openjarvis/testing/fake-engines';
import { describe, expect, it } from 'vitest';
import { RequestScope } from './request-scope.js';

// A library promise that never settles, as ky 1.9's did for a POST that fetch
// refused before reading its body.
const never = () => new Promise<never>(() => {});

describe('RequestScope.bound', () => {
  it('ends a wait the library never ends, when the time runs out', async () => {
    const scope = new RequestScope(undefined);
    await rejection(scope.bound(never(), 20));
    expect(scope.ended).toBe('headers');
    expect(scope.signal.aborted).toBe(true);
  });

  it('ends it at once on the caller abort or close(), and says which', async () => {
    const caller = new AbortController();
    const byCaller = new RequestScope(caller.signal);
    const pending = rejection(byCaller.bound(never(), 60_000));
    caller.abort(new Error('stop'));
    await pending;
    expect(byCaller.ended).toBe('caller');

    const byClose = new RequestScope(undefined);
    const closing = rejection(byClose.bound(never(), 60_000));
    byClose.end('closed');
    await closing;
    expect(byClose.ended).toBe('closed');
  });

  it('passes the library result through and leaves the scope open for the body', async () => {
    const scope = new RequestScope(undefined);
    expect(await scope.bound(Promise.resolve('headers in'), 20)).toBe('headers in');
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(scope.ended).toBeUndefined();
  });
});
