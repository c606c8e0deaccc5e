/** The placeholder that replaces a secret, everywhere in the project. */
export const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this are not registered: replacing every occurrence of
 * a two-letter "secret" would wreck ordinary text and hide nothing.
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Knows the secrets of one agent (its engine key, its server password, any the
 * caller registers) and removes them from whatever leaves the agent: event
 * payloads, results, recordings, printed output.
 *
 * It matches the exact values, plus the forms a value takes when it is carried
 * in JSON or in a URL, since an engine's error body or a tool's input may
 * quote it escaped. Heuristics for credentials nobody registered live in
 * `redactSecrets` and are applied to error messages only: run on model output
 * they would mangle ordinary code such as `password = input()`.
 */
export class SecretRedactor {
  // Longest first, so a secret that contains another is replaced whole.
  #needles: string[] = [];
  readonly #secrets = new Set<string>();

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(...secrets);
  }

  /** Registers more secrets; `undefined`, duplicates and values under 4 characters are ignored. */
  add(...secrets: Array<string | undefined>): this {
    let changed = false;
    for (const secret of secrets) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
      if (this.#secrets.has(secret)) continue;
      this.#secrets.add(secret);
      changed = true;
    }
    if (changed) this.#needles = needlesOf(this.#secrets);
    return this;
  }

  /** How many secrets are registered. */
  get size(): number {
    return this.#secrets.size;
  }

  /** `text` with every registered secret replaced by `[REDACTED]`. */
  redactText(text: string): string {
    let result = text;
    for (const needle of this.#needles) {
      if (result.includes(needle)) result = result.split(needle).join(REDACTED);
    }
    return result;
  }

  /**
   * `value` with every string inside it redacted, at any depth. Objects and
   * arrays are copied only where something changed, so a value without
   * secrets comes back as the same reference.
   */
  redact<T>(value: T): T {
    if (this.#needles.length === 0) return value;
    return this.#redactValue(value, new Set()) as T;
  }

  /**
   * A redactor for text that arrives in pieces (streamed deltas), where a
   * secret may be split across two of them: it holds back the end of a piece
   * while that end could be the start of a secret.
   */
  stream(): TextStreamRedactor {
    let pending = '';
    return {
      push: (chunk) => {
        const text = this.redactText(pending + chunk);
        const keep = this.#heldBack(text);
        pending = text.slice(text.length - keep);
        return text.slice(0, text.length - keep);
      },
      flush: () => {
        const rest = this.redactText(pending);
        pending = '';
        return rest;
      },
      get pending() {
        return pending.length;
      },
    };
  }

  // The length of the longest end of `text` that is a proper start of a secret.
  #heldBack(text: string): number {
    let longest = 0;
    for (const needle of this.#needles) {
      const max = Math.min(needle.length - 1, text.length);
      for (let length = max; length > longest; length--) {
        if (text.endsWith(needle.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }

  #redactValue(value: unknown, seen: Set<object>): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (typeof value !== 'object' || value === null || seen.has(value)) return value;
    seen.add(value);
    try {
      if (Array.isArray(value)) {
        let copy: unknown[] | undefined;
        value.forEach((item, index) => {
          const redacted = this.#redactValue(item, seen);
          if (redacted !== item) {
            copy ??= value.slice();
            copy[index] = redacted;
          }
        });
        return copy ?? value;
      }
      if (value instanceof Error) {
        const message = this.redactText(value.message);
        if (message === value.message) return value;
        const copy = new Error(message, { cause: value.cause });
        copy.name = value.name;
        return copy;
      }
      if (!isPlainObject(value)) return value;
      let copy: { [key: string]: unknown } | undefined;
      for (const [key, item] of Object.entries(value)) {
        const redacted = this.#redactValue(item, seen);
        if (redacted !== item) {
          copy ??= { ...value };
          copy[key] = redacted;
        }
      }
      return copy ?? value;
    } finally {
      seen.delete(value);
    }
  }
}

/** Redacts a stream of text pieces; see `SecretRedactor.stream`. */
export interface TextStreamRedactor {
  /** Returns what of `chunk` (and of what was held back) can be shown now. */
  push(chunk: string): string;
  /** Returns what is still held back, redacted; call when the stream ends. */
  flush(): string;
  /** How many characters are held back. */
  readonly pending: number;
}

function needlesOf(secrets: Iterable<string>): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    needles.add(secret);
    // As quoted inside JSON, and as carried in a URL or a form body.
    needles.add(JSON.stringify(secret).slice(1, -1));
    needles.add(encodeURIComponent(secret));
  }
  return [...needles]
    .filter((n) => n.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
