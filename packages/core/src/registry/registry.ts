import { RegistryError } from '../errors/run-errors.js';

export type Factory<TOptions, TProduct> = (options: TOptions) => TProduct;

/**
 * Named factories, so that a product can be chosen by a string in a config
 * file. Registering a key twice is an error: a silent override would make the
 * outcome depend on import order.
 */
export class Registry<TOptions, TProduct> {
  readonly #kind: string;
  readonly #factories = new Map<string, Factory<TOptions, TProduct>>();

  constructor(kind: string) {
    this.#kind = kind;
  }

  register(key: string, factory: Factory<TOptions, TProduct>): this {
    if (this.#factories.has(key)) {
      throw new RegistryError({ key, message: `${this.#kind} "${key}" is already registered` });
    }
    this.#factories.set(key, factory);
    return this;
  }

  /** Removes a key; returns whether it was registered. */
  unregister(key: string): boolean {
    return this.#factories.delete(key);
  }

  create(key: string, options: TOptions): TProduct {
    const factory = this.#factories.get(key);
    if (factory === undefined) {
      const known = this.keys();
      throw new RegistryError({
        key,
        message: `unknown ${this.#kind} "${key}"; registered: ${known.length === 0 ? '(none)' : known.join(', ')}`,
      });
    }
    return factory(options);
  }

  /** The factory registered under `key`, if any. */
  get(key: string): Factory<TOptions, TProduct> | undefined {
    return this.#factories.get(key);
  }

  has(key: string): boolean {
    return this.#factories.has(key);
  }

  keys(): string[] {
    return [...this.#factories.keys()].sort();
  }
}
