import { describe, expect, it } from 'vitest';
import { createRedactor } from './to-redacted-json.js';

describe('createRedactor', () => {
  it('redacts secret keys at any depth, in any spelling, and keeps token counts', () => {
    const redact = createRedactor();
    const value = {
      apiKey: 'sk-live-1',
      usage: { inputTokens: 10, outputTokens: 2, maxTokens: 100 },
      config: {
        provider: {
          ollama: { options: { baseURL: 'http://127.0.0.1:11434/v1', api_key: 'k', timeout: 5 } },
        },
        servers: [
          { name: 'a', serverPassword: 'hunter2' },
          { name: 'b', headers: { Authorization: 'Bearer abc', 'x-api-key': 'xyz' } },
        ],
      },
      auth: { token: 't', accessToken: 'at', clientSecret: 'cs', secret: { nested: 'whole' } },
      password: null,
      PASSWORD: 'upper',
    };
    expect(redact(value)).toEqual({
      apiKey: '[REDACTED]',
      usage: { inputTokens: 10, outputTokens: 2, maxTokens: 100 },
      config: {
        provider: {
          ollama: {
            options: { baseURL: 'http://127.0.0.1:11434/v1', api_key: '[REDACTED]', timeout: 5 },
          },
        },
        servers: [
          { name: 'a', serverPassword: '[REDACTED]' },
          { name: 'b', headers: { Authorization: '[REDACTED]', 'x-api-key': '[REDACTED]' } },
        ],
      },
      auth: {
        token: '[REDACTED]',
        accessToken: '[REDACTED]',
        clientSecret: '[REDACTED]',
        secret: '[REDACTED]',
      },
      password: '[REDACTED]',
      PASSWORD: '[REDACTED]',
    });
  });

  it('redacts extra keys, key patterns and secrets inside strings', () => {
    const redact = createRedactor({
      redactKeys: ['session_cookie_value', 'OTP'],
      redactKeyPatterns: [/^x-internal-/i],
      redactValuePatterns: [/sk-[A-Za-z0-9]{8,}/, /ghp_[A-Za-z0-9]+/g],
    });
    expect(
      redact({
        otp: '123456',
        sessionCookieValue: 'c',
        'X-Internal-Trace': 'abc',
        otpLength: 6,
        command: 'curl -H "Authorization: Bearer sk-abcdefgh1234" && echo ghp_AAA ghp_BBB',
      }),
    ).toEqual({
      otp: '[REDACTED]',
      sessionCookieValue: '[REDACTED]',
      'X-Internal-Trace': '[REDACTED]',
      otpLength: 6,
      command: 'curl -H "Authorization: Bearer [REDACTED]" && echo [REDACTED] [REDACTED]',
    });
  });

  it('serialises Errors as {name, message}, BigInt as a string, Map and Set', () => {
    const redact = createRedactor({ redactValuePatterns: [/sk-\w+/] });
    const error = new TypeError('bad key sk-secret123');
    expect(
      redact({
        error,
        causes: [new Error('inner')],
        big: 2n ** 70n,
        map: new Map<unknown, unknown>([
          ['apiKey', 'x'],
          [1, 'one'],
        ]),
        set: new Set(['a', 'b']),
        when: new Date(Date.UTC(2026, 0, 1)),
        skip: undefined,
        fn: () => 1,
        list: [undefined, Number.NaN],
      }),
    ).toEqual({
      error: { name: 'TypeError', message: 'bad key [REDACTED]' },
      causes: [{ name: 'Error', message: 'inner' }],
      big: '1180591620717411303424',
      map: { apiKey: '[REDACTED]', 1: 'one' },
      set: ['a', 'b'],
      when: '2026-01-01T00:00:00.000Z',
      list: [null, null],
    });
  });

  it('replaces cycles, keeps shared references, and truncates past maxDepth', () => {
    const redact = createRedactor({ maxDepth: 3 });
    const shared = { id: 1 };
    const node: { name: string; self?: unknown; children: unknown[] } = {
      name: 'root',
      children: [],
    };
    node.self = node;
    node.children.push({ parent: node, shared }, { shared });
    expect(redact(node)).toEqual({
      name: 'root',
      self: '[Circular]',
      children: [{ parent: '[Circular]', shared: { id: 1 } }, { shared: { id: 1 } }],
    });
    expect(redact({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({
      a: { b: { c: { d: '[Truncated]' } } },
    });
  });
});
