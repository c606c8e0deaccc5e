/** The patch of one file, possibly cut. */
export interface PatchSection {
  patch: string;
  truncated: boolean;
}

export interface PatchBounds {
  /** Bytes (UTF-8) kept of one file's patch. */
  perFile: number;
  /** Bytes (UTF-8) kept of all patches together. */
  perRun: number;
}

const header = 'diff --git ';

/**
 * Splits streamed `git diff --patch` text into one section per file (each
 * starts at a `diff --git` line; content lines always start with a space,
 * `+`, `-` or `\`, so no content line can look like one), keeping whole lines
 * within a per-file and a per-run byte bound. Memory stays within the bounds
 * however much text is pushed; once the run bound is spent, `exhausted` tells
 * the caller it may stop reading.
 */
export class PatchSplitter {
  readonly #bounds: PatchBounds;
  readonly #sections: PatchSection[] = [];
  #current: { lines: string[]; bytes: number; truncated: boolean } | undefined;
  #tail = '';
  #spent = 0;
  #exhausted = false;

  constructor(bounds: PatchBounds) {
    this.#bounds = bounds;
  }

  /** True once the per-run bound is spent: nothing more will be kept. */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  push(text: string): void {
    const lines = (this.#tail + text).split('\n');
    this.#tail = lines.pop() ?? '';
    for (const line of lines) this.#line(`${line}\n`);
  }

  /** Ends the input (a last line without a newline counts) and returns the sections in order. */
  end(): PatchSection[] {
    if (this.#tail !== '') this.#line(this.#tail);
    this.#tail = '';
    this.#close();
    return this.#sections;
  }

  #line(line: string): void {
    if (line.startsWith(header)) {
      this.#close();
      this.#current = { lines: [], bytes: 0, truncated: false };
    }
    const current = this.#current;
    if (current === undefined || current.truncated) return;
    const bytes = Buffer.byteLength(line);
    if (current.bytes + bytes > this.#bounds.perFile || this.#spent + bytes > this.#bounds.perRun) {
      current.truncated = true;
      if (this.#spent + bytes > this.#bounds.perRun) this.#exhausted = true;
      return;
    }
    current.lines.push(line);
    current.bytes += bytes;
    this.#spent += bytes;
  }

  #close(): void {
    const current = this.#current;
    if (current === undefined) return;
    this.#sections.push({ patch: current.lines.join(''), truncated: current.truncated });
    this.#current = undefined;
  }
}
