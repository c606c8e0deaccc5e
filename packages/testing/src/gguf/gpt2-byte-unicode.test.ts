import { expect, test } from 'vitest';
import { GPT2_BYTE_CHARS, toByteLevel } from './gpt2-byte-unicode.js';

test('maps all 256 bytes to distinct characters in GPT-2 token order', () => {
  expect(GPT2_BYTE_CHARS).toHaveLength(256);
  expect(new Set(GPT2_BYTE_CHARS.map((entry) => entry.char)).size).toBe(256);
  expect(new Set(GPT2_BYTE_CHARS.map((entry) => entry.byte)).size).toBe(256);
  // Well-known GPT-2 ids: "!" 0, "{" 90, "\n" (Ċ) 198, " " (Ġ) 220.
  expect(GPT2_BYTE_CHARS[0]).toEqual({ byte: 0x21, char: '!' });
  expect(GPT2_BYTE_CHARS[90]).toEqual({ byte: 0x7b, char: '{' });
  expect(GPT2_BYTE_CHARS[198]).toEqual({ byte: 0x0a, char: 'Ċ' });
  expect(GPT2_BYTE_CHARS[220]).toEqual({ byte: 0x20, char: 'Ġ' });
});

test('spells text the way byte-level BPE tokens do', () => {
  expect(toByteLevel(' "')).toBe('Ġ"');
  expect(toByteLevel('é')).toBe('Ã©');
});
