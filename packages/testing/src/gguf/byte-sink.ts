/** A growable little-endian byte buffer: what GGUF, a little-endian format, is written into. */
export class ByteSink {
  #buffer: Buffer;
  #length = 0;

  constructor(initialCapacity = 64 * 1024) {
    this.#buffer = Buffer.alloc(initialCapacity);
  }

  get length(): number {
    return this.#length;
  }

  u32(value: number): void {
    this.#reserve(4).writeUInt32LE(value, this.#length - 4);
  }

  i32(value: number): void {
    this.#reserve(4).writeInt32LE(value, this.#length - 4);
  }

  u64(value: number | bigint): void {
    this.#reserve(8).writeBigUInt64LE(BigInt(value), this.#length - 8);
  }

  f32(value: number): void {
    this.#reserve(4).writeFloatLE(value, this.#length - 4);
  }

  u8(value: number): void {
    this.#reserve(1).writeUInt8(value, this.#length - 1);
  }

  bytes(data: Uint8Array): void {
    this.#reserve(data.byteLength).set(data, this.#length - data.byteLength);
  }

  /** Zero bytes up to the next multiple of `alignment`. */
  pad(alignment: number): void {
    const remainder = this.#length % alignment;
    if (remainder !== 0) this.#reserve(alignment - remainder);
  }

  /** A view of the bytes written so far (shares memory with the sink). */
  toBuffer(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** Grows the buffer, advances the length by `size` (new bytes are zero) and returns it. */
  #reserve(size: number): Buffer {
    const needed = this.#length + size;
    if (needed > this.#buffer.length) {
      const grown = Buffer.alloc(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, this.#length);
      this.#buffer = grown;
    }
    this.#length = needed;
    return this.#buffer;
  }
}
