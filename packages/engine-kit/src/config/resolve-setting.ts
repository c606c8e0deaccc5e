/** Environment variables as the adapters read them; `process.env` by default. */
export type EngineEnv = Readonly<Record<string, string | undefined>>;

/**
 * The first of: the explicit value, the environment variable, the default.
 * An empty or blank environment value counts as unset.
 */
export function resolveSetting<T extends string | undefined>(
  explicit: string | undefined,
  env: EngineEnv,
  variable: string | undefined,
  fallback: T,
): string | T {
  if (explicit !== undefined) return explicit;
  if (variable !== undefined) {
    const value = env[variable];
    if (value !== undefined && value.trim() !== '') return value.trim();
  }
  return fallback;
}
