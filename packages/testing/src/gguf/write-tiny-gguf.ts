import { readChatTemplate } from '../llama-server/chat-templates.js';
import { type GgufTensor, type GgufValue, writeGguf } from './gguf-writer.js';
import { SeededRandom } from './seeded-random.js';
import { buildTinyBpeVocab, type TinyVocabTokenIds } from './tiny-bpe-vocab.js';

export interface TinyGgufOptions {
  /**
   * Seed of the random weights; the same options always give the same bytes.
   * @default 0
   */
  seed?: number;
  /**
   * `llama.context_length`, the trained context (`meta.n_ctx_train`).
   * @default 2048
   */
  contextLength?: number;
  /**
   * Width of the model (`llama.embedding_length`); must be a multiple of `headCount`.
   * @default 64
   */
  embeddingLength?: number;
  /** @default 2 */
  blockCount?: number;
  /** @default 128 */
  feedForwardLength?: number;
  /** @default 4 */
  headCount?: number;
  /**
   * Jinja template embedded as `tokenizer.chat_template`; `false` embeds none.
   * @default the bare-JSON tools template (`fixtures/llamacpp-templates/bare-json-tools.jinja`)
   */
  chatTemplate?: string | false;
  /**
   * Extra inert BPE merges that only make llama-server take longer to load the vocabulary,
   * so that its "loading" state (503 `unavailable_error`) can be observed. About 1,000,000
   * adds a second or two of loading and 15 MB of file.
   * @default 0
   */
  paddingMerges?: number;
  /** @default 'tiny-random-llama' */
  name?: string;
}

export interface TinyGguf {
  readonly path: string;
  readonly sizeBytes: number;
  readonly vocabSize: number;
  readonly parameterCount: number;
  /** Ids of `{`, `{"` and `<|endoftext|>`, e.g. for a forced tool call's `logit_bias`. */
  readonly tokenIds: TinyVocabTokenIds;
}

const WEIGHT_SCALE = 0.02;

/**
 * Writes a tiny llama-architecture GGUF with seeded random F32 weights and a self-made
 * byte-level BPE vocabulary (llama.cpp tokenizer model `gpt2`, pre-tokenizer `gpt-2`).
 * It loads in llama-server in milliseconds and produces gibberish: use it for protocol tests.
 */
export async function writeTinyGguf(
  path: string,
  options: TinyGgufOptions = {},
): Promise<TinyGguf> {
  const seed = options.seed ?? 0;
  const contextLength = options.contextLength ?? 2048;
  const embedding = options.embeddingLength ?? 64;
  const blockCount = options.blockCount ?? 2;
  const feedForward = options.feedForwardLength ?? 128;
  const headCount = options.headCount ?? 4;
  for (const [label, value] of Object.entries({
    contextLength,
    embedding,
    blockCount,
    feedForward,
    headCount,
  })) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`${label} must be a positive integer, got ${value}`);
    }
  }
  if (embedding % headCount !== 0) {
    throw new RangeError(
      `embeddingLength ${embedding} is not a multiple of headCount ${headCount}`,
    );
  }
  const chatTemplate =
    options.chatTemplate === undefined
      ? await readChatTemplate('bare-json-tools')
      : options.chatTemplate;

  const vocab = buildTinyBpeVocab(options.paddingMerges ?? 0);
  const nVocab = vocab.tokens.length;
  const random = new SeededRandom(seed);
  const randomTensor = (name: string, dims: readonly number[]): GgufTensor => {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i += 1) data[i] = random.normal() * WEIGHT_SCALE;
    return { name, dims, data };
  };
  const onesTensor = (name: string, length: number): GgufTensor => ({
    name,
    dims: [length],
    data: new Float32Array(length).fill(1),
  });

  const tensors: GgufTensor[] = [
    randomTensor('token_embd.weight', [embedding, nVocab]),
    onesTensor('output_norm.weight', embedding),
    randomTensor('output.weight', [embedding, nVocab]),
  ];
  for (let block = 0; block < blockCount; block += 1) {
    const prefix = `blk.${block}`;
    tensors.push(
      onesTensor(`${prefix}.attn_norm.weight`, embedding),
      randomTensor(`${prefix}.attn_q.weight`, [embedding, embedding]),
      randomTensor(`${prefix}.attn_k.weight`, [embedding, embedding]),
      randomTensor(`${prefix}.attn_v.weight`, [embedding, embedding]),
      randomTensor(`${prefix}.attn_output.weight`, [embedding, embedding]),
      onesTensor(`${prefix}.ffn_norm.weight`, embedding),
      randomTensor(`${prefix}.ffn_gate.weight`, [embedding, feedForward]),
      randomTensor(`${prefix}.ffn_up.weight`, [embedding, feedForward]),
      randomTensor(`${prefix}.ffn_down.weight`, [feedForward, embedding]),
    );
  }

  const u32 = (value: number): GgufValue => ({ type: 'uint32', value });
  const metadata: [string, GgufValue][] = [
    ['general.architecture', { type: 'string', value: 'llama' }],
    ['general.name', { type: 'string', value: options.name ?? 'tiny-random-llama' }],
    ['general.file_type', u32(0)], // all F32
    ['llama.context_length', u32(contextLength)],
    ['llama.embedding_length', u32(embedding)],
    ['llama.block_count', u32(blockCount)],
    ['llama.feed_forward_length', u32(feedForward)],
    ['llama.attention.head_count', u32(headCount)],
    ['llama.attention.head_count_kv', u32(headCount)],
    ['llama.attention.layer_norm_rms_epsilon', { type: 'float32', value: 1e-5 }],
    ['llama.rope.dimension_count', u32(embedding / headCount)],
    ['llama.vocab_size', u32(nVocab)],
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'gpt-2' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'int32[]', value: vocab.tokenTypes }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: vocab.merges }],
    ['tokenizer.ggml.bos_token_id', u32(vocab.ids.endOfText)],
    ['tokenizer.ggml.eos_token_id', u32(vocab.ids.endOfText)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
  ];
  if (chatTemplate !== false) {
    metadata.push(['tokenizer.chat_template', { type: 'string', value: chatTemplate }]);
  }

  const sizeBytes = await writeGguf(path, { metadata, tensors });
  return {
    path,
    sizeBytes,
    vocabSize: nVocab,
    parameterCount: tensors.reduce((sum, tensor) => sum + tensor.data.length, 0),
    tokenIds: vocab.ids,
  };
}
