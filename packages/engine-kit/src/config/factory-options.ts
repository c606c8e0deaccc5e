import { type EngineFactoryOptions, EngineInputError } from '@openjarvis/core';

/**
 * Reads typed values out of the loose options an engine factory receives from a
 * config file, so that a wrong type fails with a message naming the key.
 */
export class FactoryOptionsReader {
  readonly #raw: EngineFactoryOptions;
  readonly #engineId: string;

  constructor(engineId: string, raw: EngineFactoryOptions | undefined) {
    this.#engineId = engineId;
    this.#raw = raw ?? {};
    if (typeof this.#raw !== 'object' || this.#raw === null || Array.isArray(this.#raw)) {
      throw new EngineInputError({
        field: 'options',
        message: `${engineId} engine options must be an object`,
      });
    }
  }

  string(key: string): string | undefined {
    const value = this.#raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.#wrongType(key, 'a string');
    return value;
  }

  number(key: string): number | undefined {
    const value = this.#raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') throw this.#wrongType(key, 'a number');
    return value;
  }

  stringOrNumber(key: string): string | number | undefined {
    const value = this.#raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw this.#wrongType(key, 'a string or a number');
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.#raw[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.#wrongType(key, 'a boolean');
    return value;
  }

  #wrongType(key: string, expected: string): EngineInputError {
    return new EngineInputError({
      field: key,
      message: `${this.#engineId} engine option "${key}" must be ${expected}`,
    });
  }
}

/** The options every adapter's factory accepts: host, key and timeouts. */
export interface CommonFactoryOptions {
  host?: string | undefined;
  apiKey?: string | undefined;
  probeTimeoutMs?: number | undefined;
  requestTimeoutMs?: number | undefined;
  streamIdleTimeoutMs?: number | undefined;
}

export function readCommonFactoryOptions(reader: FactoryOptionsReader): CommonFactoryOptions {
  return {
    host: reader.string('host'),
    apiKey: reader.string('apiKey'),
    probeTimeoutMs: reader.number('probeTimeoutMs'),
    requestTimeoutMs: reader.number('requestTimeoutMs'),
    streamIdleTimeoutMs: reader.number('streamIdleTimeoutMs'),
  };
}
