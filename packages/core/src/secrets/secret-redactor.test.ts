import { describe, expect, it } from 'vitest';
import { REDACTED, SecretRedactor } from './secret-redactor.js';

const key = 'sk-live-7f3a9c1d';

describe('SecretRedactor', () => {
  it('replaces every occurrence of a registered secret in text', () => {
    const redactor = new SecretRedactor([key]);
    expect(redactor.redactText(`Bearer ${key} and again ${key}.`)).toBe(
      `Bearer ${REDACTED} and again ${REDACTED}.`,
    );
  });

  it('also finds the secret as quoted in JSON and as carried in a URL', () => {
    const secret = 'p@ss "word"/x';
    const redactor = new SecretRedactor([secret]);
    const json = JSON.stringify({ password: secret });
    const url = `http://host/?pw=${encodeURIComponent(secret)}`;
    expect(redactor.redactText(json)).toBe(`{"password":"${REDACTED}"}`);
    expect(redactor.redactText(url)).toBe(`http://host/?pw=${REDACTED}`);
  });

  it('replaces the longer of two overlapping secrets whole', () => {
    const redactor = new SecretRedactor(['abcd', 'abcdefgh']);
    expect(redactor.redactText('xabcdefghx')).toBe(`x${REDACTED}x`);
  });

  it('ignores undefined, duplicate and too-short secrets', () => {
    const redactor = new SecretRedactor([undefined, 'abc', key, key]);
    expect(redactor.size).toBe(1);
    expect(redactor.redactText('abc')).toBe('abc');
  });

  it('redacts strings at any depth, copying only what changed', () => {
    const redactor = new SecretRedactor([key]);
    const untouched = { n: 1, list: ['a'] };
    const value = {
      input: { command: `curl -H 'Authorization: Bearer ${key}'` },
      results: [{ content: key }, { content: 'fine' }],
      untouched,
      error: new Error(`engine said ${key}`),
    };
    const redacted = redactor.redact(value);
    expect(JSON.stringify(redacted)).not.toContain(key);
    expect(redacted.input.command).toContain(REDACTED);
    expect(redacted.results[0]?.content).toBe(REDACTED);
    expect(redacted.results[1]).toBe(value.results[1]);
    expect(redacted.untouched).toBe(untouched);
    expect(redacted.error.message).toBe(`engine said ${REDACTED}`);
    // The original is not modified.
    expect(value.results[0]?.content).toBe(key);
  });

  it('returns a value without secrets as the same reference', () => {
    const value = { a: { b: ['c'] } };
    expect(new SecretRedactor([key]).redact(value)).toBe(value);
  });

  it('survives circular values', () => {
    const value: { self?: unknown; text: string } = { text: key };
    value.self = value;
    const redacted = new SecretRedactor([key]).redact(value);
    expect(redacted.text).toBe(REDACTED);
  });

  it('catches a secret split across streamed pieces', () => {
    const stream = new SecretRedactor([key]).stream();
    const pieces = ['The key is sk-li', 've-7f3', 'a9c1d, done. s', 'k-not-it'];
    const shown = pieces.map((piece) => stream.push(piece));
    shown.push(stream.flush());
    expect(shown.join('')).toBe(`The key is ${REDACTED}, done. sk-not-it`);
    for (const piece of shown) expect(piece).not.toContain('sk-li');
  });

  it('holds back only while the end could start a secret', () => {
    const stream = new SecretRedactor([key]).stream();
    expect(stream.push('hello ')).toBe('hello ');
    expect(stream.pending).toBe(0);
    expect(stream.push('world s')).toBe('world ');
    expect(stream.pending).toBe(1);
    expect(stream.push('ome')).toBe('some');
    expect(stream.flush()).toBe('');
  });

  it('secrets added later apply from then on', () => {
    const redactor = new SecretRedactor();
    expect(redactor.redactText(key)).toBe(key);
    redactor.add(key);
    expect(redactor.redactText(key)).toBe(REDACTED);
  });
});
