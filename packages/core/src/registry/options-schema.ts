/** One problem with the options given to a registered type, at one field. */
export interface OptionsIssue {
  /** Where in the options, e.g. `['recycle', 'afterRuns']`; empty for the options as a whole. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** What `OptionsSchema.safeParse` returns: the checked options, or every problem found. */
export type OptionsParseResult<TOptions> =
  | { readonly success: true; readonly data: TOptions }
  | { readonly success: false; readonly error: { readonly issues: readonly OptionsIssue[] } };

/**
 * Checks the options a config gives an agent or engine type and returns them
 * typed. Declared by its shape, zod's `safeParse`, so that core depends on no
 * validation library: a zod schema is one as it is, and anything else can be
 * wrapped in a few lines.
 */
export interface OptionsSchema<TOptions> {
  /**
   * `params.reportInput` asks a zod schema to keep the offending value in its
   * issues (the config loader quotes enum mismatches); other schemas may ignore it.
   */
  safeParse(value: unknown, params?: { reportInput?: boolean }): OptionsParseResult<TOptions>;
}
