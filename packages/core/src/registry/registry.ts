import { InvalidOptionsError, RegistryError } from '../errors/run-errors.js';
import type { OptionsIssue, OptionsSchema } from './options-schema.js';

/**
 * What a package registers under a type name: the schema of the options a
 * config may give the type, and how to build it from them.
 */
export interface TypeDefinition<TOptions, TContext, TProduct> {
  /** Checks the options; what it returns is what `create` receives. */
  readonly optionsSchema: OptionsSchema<TOptions>;
  /** Builds the product from checked options and what the caller supplies besides them. */
  create(options: TOptions, context: TContext): TProduct;
}

/**
 * Type definitions by name, so that a product can be chosen by a string in a
 * config file. Registering is idempotent in one way: the same definition
 * (the same object) under the same name again is a no-op, and a different
 * one under a taken name is a `RegistryError`, since a silent override would
 * make the outcome depend on the order of registration.
 */
export class Registry<
  TContext,
  TProduct,
  TDefinition extends TypeDefinition<unknown, TContext, TProduct> = TypeDefinition<
    unknown,
    TContext,
    TProduct
  >,
> {
  readonly #kind: string;
  // Stored with their options type erased: `create` only ever receives what
  // the same definition's `optionsSchema` returned, so the erasure is sound.
  readonly #definitions = new Map<string, TDefinition>();

  constructor(kind: string) {
    this.#kind = kind;
  }

  register(key: string, definition: TDefinition): this {
    const registered = this.#definitions.get(key);
    if (registered === definition) return this;
    if (registered !== undefined) {
      throw new RegistryError({ key, message: `${this.#kind} "${key}" is already registered` });
    }
    this.#definitions.set(key, definition);
    return this;
  }

  /** Removes a key; returns whether it was registered. */
  unregister(key: string): boolean {
    return this.#definitions.delete(key);
  }

  /**
   * The problems with `options` for the type `key`, none when they are valid.
   * Throws `RegistryError` for an unknown key.
   */
  checkOptions(
    key: string,
    options: unknown,
    params?: { reportInput?: boolean },
  ): readonly OptionsIssue[] {
    const parsed = this.definition(key).optionsSchema.safeParse(options, params);
    return parsed.success ? [] : parsed.error.issues;
  }

  /**
   * Checks `options` with the type's schema and builds the product. Throws
   * `RegistryError` for an unknown key, `InvalidOptionsError` for bad options.
   */
  create(key: string, options: unknown, context: TContext): TProduct {
    const definition = this.definition(key);
    const parsed = definition.optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new InvalidOptionsError({ kind: this.#kind, key, issues: parsed.error.issues });
    }
    return definition.create(parsed.data, context);
  }

  has(key: string): boolean {
    return this.#definitions.has(key);
  }

  keys(): string[] {
    return [...this.#definitions.keys()].sort();
  }

  /** The definition registered under `key`; throws `RegistryError` naming the known keys if none is. */
  protected definition(key: string): TDefinition {
    const definition = this.#definitions.get(key);
    if (definition === undefined) {
      const known = this.keys();
      throw new RegistryError({
        key,
        message: `unknown ${this.#kind} "${key}"; registered: ${known.length === 0 ? '(none)' : known.join(', ')}`,
      });
    }
    return definition;
  }
}
