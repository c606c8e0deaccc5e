import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readChatTemplate } from '../llama-server/chat-templates.js';
import { writeTinyGguf } from './write-tiny-gguf.js';

/** Just enough of a GGUF reader to check what the writer produced. */
function readGgufHeader(bytes: Buffer) {
  let at = 0;
  const u32 = () => {
    const v = bytes.readUInt32LE(at);
    at += 4;
    return v;
  };
  const u64 = () => {
    const v = Number(bytes.readBigUInt64LE(at));
    at += 8;
    return v;
  };
  const str = () => {
    const length = u64();
    const s = bytes.toString('utf8', at, at + length);
    at += length;
    return s;
  };
  const scalar = (type: number): unknown => {
    switch (type) {
      case 4:
        return u32();
      case 5: {
        const v = bytes.readInt32LE(at);
        at += 4;
        return v;
      }
      case 6: {
        const v = bytes.readFloatLE(at);
        at += 4;
        return v;
      }
      case 7:
        at += 1;
        return bytes[at - 1] === 1;
      case 8:
        return str();
      default:
        throw new Error(`unexpected value type ${type}`);
    }
  };
  const magic = bytes.toString('latin1', 0, 4);
  at = 4;
  const version = u32();
  const tensorCount = u64();
  const kvCount = u64();
  const metadata = new Map<string, unknown>();
  for (let i = 0; i < kvCount; i += 1) {
    const key = str();
    const type = u32();
    if (type === 9) {
      const itemType = u32();
      const count = u64();
      const items: unknown[] = [];
      for (let j = 0; j < count; j += 1) items.push(scalar(itemType));
      metadata.set(key, items);
    } else {
      metadata.set(key, scalar(type));
    }
  }
  const tensors: { name: string; dims: number[]; type: number; offset: number }[] = [];
  for (let i = 0; i < tensorCount; i += 1) {
    const name = str();
    const nDims = u32();
    const dims: number[] = [];
    for (let d = 0; d < nDims; d += 1) dims.push(u64());
    tensors.push({ name, dims, type: u32(), offset: u64() });
  }
  const dataStart = Math.ceil(at / 32) * 32;
  return { magic, version, metadata, tensors, dataStart };
}

describe('writeTinyGguf', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiny-gguf-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes a GGUF v3 llama model with a gpt2 BPE vocabulary and the bare-JSON template', async () => {
    const info = await writeTinyGguf(join(dir, 'a.gguf'));
    const bytes = await readFile(info.path);
    const gguf = readGgufHeader(bytes);

    expect(gguf.magic).toBe('GGUF');
    expect(gguf.version).toBe(3);
    expect(bytes.byteLength).toBe(info.sizeBytes);
    expect(gguf.metadata.get('general.architecture')).toBe('llama');
    expect(gguf.metadata.get('llama.context_length')).toBe(2048);
    expect(gguf.metadata.get('llama.embedding_length')).toBe(64);
    expect(gguf.metadata.get('llama.rope.dimension_count')).toBe(16);
    expect(gguf.metadata.get('tokenizer.ggml.model')).toBe('gpt2');
    expect(gguf.metadata.get('tokenizer.ggml.pre')).toBe('gpt-2');
    expect(gguf.metadata.get('tokenizer.chat_template')).toBe(
      await readChatTemplate('bare-json-tools'),
    );

    const tokens = gguf.metadata.get('tokenizer.ggml.tokens') as string[];
    expect(tokens).toHaveLength(info.vocabSize);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(gguf.metadata.get('llama.vocab_size')).toBe(tokens.length);
    expect(tokens[info.tokenIds.openBrace]).toBe('{');
    expect(tokens[info.tokenIds.openBraceQuote]).toBe('{"');
    expect(tokens[info.tokenIds.endOfText]).toBe('<|endoftext|>');
    expect(gguf.metadata.get('tokenizer.ggml.eos_token_id')).toBe(info.tokenIds.endOfText);
    expect(gguf.metadata.get('tokenizer.ggml.merges')).toContain('{ "');

    const embd = gguf.tensors.find((t) => t.name === 'token_embd.weight');
    expect(embd?.dims).toEqual([64, tokens.length]);
    expect(gguf.tensors).toHaveLength(3 + 2 * 9);
    const elements = gguf.tensors.reduce((n, t) => n + t.dims.reduce((a, b) => a * b, 1), 0);
    expect(elements).toBe(info.parameterCount);
    for (const tensor of gguf.tensors) expect(tensor.offset % 32).toBe(0);
    const last = gguf.tensors.at(-1);
    if (last === undefined) throw new Error('no tensors');
    const lastBytes = last.dims.reduce((a, b) => a * b, 4);
    expect(gguf.dataStart + last.offset + lastBytes).toBeLessThanOrEqual(bytes.byteLength);
  });

  test('is deterministic for a seed and differs across seeds', async () => {
    const a = await readFile((await writeTinyGguf(join(dir, 's0a.gguf'), { seed: 7 })).path);
    const b = await readFile((await writeTinyGguf(join(dir, 's0b.gguf'), { seed: 7 })).path);
    const c = await readFile((await writeTinyGguf(join(dir, 's1.gguf'), { seed: 8 })).path);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.byteLength).toBe(c.byteLength);
  });

  test('padding merges add merges but no tokens; chatTemplate false embeds none', async () => {
    const plain = await writeTinyGguf(join(dir, 'plain.gguf'), { chatTemplate: false });
    const padded = await writeTinyGguf(join(dir, 'padded.gguf'), { paddingMerges: 1000 });
    const plainHeader = readGgufHeader(await readFile(plain.path));
    const paddedHeader = readGgufHeader(await readFile(padded.path));
    expect(plainHeader.metadata.has('tokenizer.chat_template')).toBe(false);
    expect(padded.vocabSize).toBe(plain.vocabSize);
    const merges = (header: typeof plainHeader) =>
      (header.metadata.get('tokenizer.ggml.merges') as string[]).length;
    expect(merges(paddedHeader) - merges(plainHeader)).toBe(1000);
  });

  test('rejects shapes llama.cpp cannot load', async () => {
    await expect(
      writeTinyGguf(join(dir, 'bad.gguf'), { embeddingLength: 30, headCount: 4 }),
    ).rejects.toThrow(RangeError);
    await expect(writeTinyGguf(join(dir, 'bad.gguf'), { blockCount: 0 })).rejects.toThrow(
      RangeError,
    );
  });
});
