import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['Authorization: Bearer abcdefgh12345678', 'abcdefgh12345678'],
    ['x-api-key: 0123456789abcdef', '0123456789abcdef'],
    ['{"api_key": "k-123456789"}', 'k-123456789'],
    ['OPENAI_API_KEY=plainvalue', 'plainvalue'],
    ['client_secret=abc&x=1', 'abc'],
    ['http://user:pa55word@host:80/v1', 'pa55word'],
    ['key AKIAABCDEFGHIJKLMNOP leaked', 'AKIAABCDEFGHIJKLMNOP'],
    ['slack xoxb-1234567890-abcdef', 'xoxb-1234567890-abcdef'],
  ])('redacts the secret in %s', (text, secret) => {
    const result = redactSecrets(text);
    expect(result).not.toContain(secret);
    expect(result).toContain('[REDACTED]');
  });

  it.each([
    'connection refused at http://127.0.0.1:8080',
    'maximum context length is 4096 tokens, you requested 5000 tokens (max_tokens: 1024)',
    'model "qwen2.5:7b" not found',
    'the monkey: 5 bananas',
    'Basic auth is not supported',
    'token limit reached',
  ])('leaves %s unchanged', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
