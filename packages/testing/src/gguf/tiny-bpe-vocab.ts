import { GPT2_BYTE_CHARS, toByteLevel } from './gpt2-byte-unicode.js';

/** llama.cpp's token types (`tokenizer.ggml.token_type`). */
const TOKEN_TYPE_NORMAL = 1;
const TOKEN_TYPE_CONTROL = 3;

export const END_OF_TEXT = '<|endoftext|>';

/**
 * The merges, in rank order, as plain text pairs. A handful is enough: llama.cpp insists on
 * `tokenizer.ggml.merges` for a BPE vocabulary, and `{"` gives the forced tool call the same
 * two opening tokens GPT-2 has (`{` and `{"`).
 */
const MERGES: readonly (readonly [string, string])[] = [
  ['{', '"'],
  ['"', ':'],
  ['"', ','],
  ['"', '}'],
  [' ', '"'],
  ['n', 'a'],
  ['m', 'e'],
  ['na', 'me'],
  [' ', 't'],
  ['h', 'e'],
];

export interface TinyBpeVocab {
  /** Token strings in GPT-2's byte-level spelling, indexed by token id. */
  readonly tokens: readonly string[];
  readonly tokenTypes: readonly number[];
  /** `"left right"` strings in rank order (padding merges last). */
  readonly merges: readonly string[];
  readonly ids: TinyVocabTokenIds;
}

/** Token ids worth knowing in the tiny vocabulary, e.g. for `logit_bias`. */
export interface TinyVocabTokenIds {
  /** `{`: the same id (90) as in GPT-2. */
  readonly openBrace: number;
  /** `{"`, the first merge. */
  readonly openBraceQuote: number;
  /** `<|endoftext|>`, used as BOS and EOS (a control token). */
  readonly endOfText: number;
}

/**
 * Builds the byte-level BPE vocabulary: GPT-2's 256 byte tokens in GPT-2's order, one token per
 * merge, then `<|endoftext|>`.
 *
 * `paddingMerges` appends that many merges between characters that never occur in byte-level
 * text (CJK ideographs: byte-level symbols only use the 256 byte characters), so tokenisation is
 * unchanged while llama.cpp spends measurable time building its merge table at load time.
 */
export function buildTinyBpeVocab(paddingMerges = 0): TinyBpeVocab {
  const tokens = GPT2_BYTE_CHARS.map(({ char }) => char);
  const known = new Set(tokens);
  const merges: string[] = [];
  for (const [left, right] of MERGES) {
    const l = toByteLevel(left);
    const r = toByteLevel(right);
    if (!known.has(l) || !known.has(r)) throw new Error(`merge ${left} + ${right}: unknown part`);
    merges.push(`${l} ${r}`);
    if (!known.has(l + r)) {
      tokens.push(l + r);
      known.add(l + r);
    }
  }
  const tokenTypes = tokens.map(() => TOKEN_TYPE_NORMAL);
  tokens.push(END_OF_TEXT);
  tokenTypes.push(TOKEN_TYPE_CONTROL);

  const base = 0x4e00;
  const span = 4096;
  if (!Number.isSafeInteger(paddingMerges) || paddingMerges < 0 || paddingMerges > span * span) {
    throw new RangeError(`paddingMerges must be an integer in [0, ${span * span}]`);
  }
  for (let i = 0; i < paddingMerges; i += 1) {
    const left = String.fromCodePoint(base + Math.floor(i / span));
    const right = String.fromCodePoint(base + (i % span));
    merges.push(`${left} ${right}`);
  }

  return {
    tokens,
    tokenTypes,
    merges,
    ids: {
      openBrace: tokens.indexOf('{'),
      openBraceQuote: tokens.indexOf('{"'),
      endOfText: tokens.length - 1,
    },
  };
}
