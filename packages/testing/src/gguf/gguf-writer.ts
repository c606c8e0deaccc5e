import { writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { ByteSink } from './byte-sink.js';

/** A metadata value, tagged with the GGUF value type it is written as. */
export type GgufValue =
  | { readonly type: 'uint32'; readonly value: number }
  | { readonly type: 'int32'; readonly value: number }
  | { readonly type: 'float32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string[]'; readonly value: readonly string[] }
  | { readonly type: 'int32[]'; readonly value: readonly number[] }
  | { readonly type: 'float32[]'; readonly value: readonly number[] };

/** A tensor stored as F32. `dims` are in ggml order: the first dimension varies fastest. */
export interface GgufTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export interface GgufFile {
  /** Written in this order; keys must be unique. */
  readonly metadata: ReadonlyArray<readonly [key: string, value: GgufValue]>;
  readonly tensors: readonly GgufTensor[];
}

const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
const GGUF_VERSION = 3;
/** llama.cpp's default when `general.alignment` is absent. */
const ALIGNMENT = 32;
const GGML_TYPE_F32 = 0;

const VALUE_TYPE = {
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
} as const;

const utf8 = new TextEncoder();

function writeString(sink: ByteSink, text: string): void {
  const bytes = utf8.encode(text);
  sink.u64(bytes.byteLength);
  sink.bytes(bytes);
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  switch (value.type) {
    case 'uint32':
      sink.u32(VALUE_TYPE.uint32);
      sink.u32(value.value);
      return;
    case 'int32':
      sink.u32(VALUE_TYPE.int32);
      sink.i32(value.value);
      return;
    case 'float32':
      sink.u32(VALUE_TYPE.float32);
      sink.f32(value.value);
      return;
    case 'bool':
      sink.u32(VALUE_TYPE.bool);
      sink.u8(value.value ? 1 : 0);
      return;
    case 'string':
      sink.u32(VALUE_TYPE.string);
      writeString(sink, value.value);
      return;
    case 'string[]':
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.string);
      sink.u64(value.value.length);
      for (const item of value.value) writeString(sink, item);
      return;
    case 'int32[]':
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.int32);
      sink.u64(value.value.length);
      for (const item of value.value) sink.i32(item);
      return;
    case 'float32[]':
      sink.u32(VALUE_TYPE.array);
      sink.u32(VALUE_TYPE.float32);
      sink.u64(value.value.length);
      for (const item of value.value) sink.f32(item);
      return;
  }
}

/** Serialises a GGUF version 3 file (header, metadata, tensor infos, aligned tensor data). */
export function encodeGguf(file: GgufFile): Buffer {
  const keys = new Set<string>();
  for (const [key] of file.metadata) {
    if (keys.has(key)) throw new Error(`duplicate GGUF metadata key ${key}`);
    keys.add(key);
  }
  for (const tensor of file.tensors) {
    const elements = tensor.dims.reduce((product, dim) => product * dim, 1);
    if (elements !== tensor.data.length) {
      throw new Error(
        `tensor ${tensor.name}: dims ${tensor.dims.join('x')} need ${elements} values, got ${tensor.data.length}`,
      );
    }
  }

  // Tensor bytes are copied straight from Float32Arrays, which use the host's byte order.
  if (endianness() !== 'LE') throw new Error('encodeGguf only supports little-endian hosts');

  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(file.tensors.length);
  sink.u64(file.metadata.length);
  for (const [key, value] of file.metadata) {
    writeString(sink, key);
    writeValue(sink, value);
  }

  // Offsets are relative to the start of the data section, each one aligned.
  let offset = 0;
  for (const tensor of file.tensors) {
    writeString(sink, tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset += Math.ceil(tensor.data.byteLength / ALIGNMENT) * ALIGNMENT;
  }

  sink.pad(ALIGNMENT);
  for (const tensor of file.tensors) {
    sink.bytes(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength));
    sink.pad(ALIGNMENT);
  }
  return sink.toBuffer();
}

/** Writes `file` to `path` as GGUF version 3; resolves to the file size in bytes. */
export async function writeGguf(path: string, file: GgufFile): Promise<number> {
  const bytes = encodeGguf(file);
  await writeFile(path, bytes);
  return bytes.byteLength;
}
