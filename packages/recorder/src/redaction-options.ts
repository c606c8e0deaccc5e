import type { SecretRedactor } from '@openjarvis/core';

export interface RedactionOptions {
  /**
   * Secret values to replace wherever they appear in a string, e.g. an
   * agent's `secrets` (its engine key and server password). Events an agent
   * publishes are already free of them; this guards what else reaches the bus.
   * @default none
   */
  secrets?: SecretRedactor;
  /**
   * More key names whose values are secrets, compared like the built-in ones
   * (case, `-` and `_` ignored) but exactly, not as suffixes.
   * @default []
   */
  redactKeys?: readonly string[];
  /**
   * Patterns tested against each key as written; a match redacts its value.
   * @default []
   */
  redactKeyPatterns?: readonly RegExp[];
  /**
   * Patterns of secrets inside string values, e.g. `/sk-[A-Za-z0-9]{20,}/`.
   * Each match is replaced by `[REDACTED]`, the rest of the string is kept.
   * @default []
   */
  redactValuePatterns?: readonly RegExp[];
  /**
   * Nesting depth past which values are replaced by `"[Truncated]"`.
   * @default 64
   */
  maxDepth?: number;
}
