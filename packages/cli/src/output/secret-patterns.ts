/**
 * Patterns that find the given secret values (API keys) anywhere in a string,
 * for the redactor. Values shorter than 4 characters are left out: they
 * would blank ordinary text.
 */
export function secretPatterns(secrets: readonly string[]): RegExp[] {
  return secrets
    .filter((secret) => secret.length >= 4)
    .map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
}
