import { REDACTED as redacted } from '../secrets/secret-redactor.js';

// Order matters: credentials inside URLs and auth headers first, then token
// shapes recognisable on their own, then anything labelled like a secret.
const rules: readonly [RegExp, string][] = [
  // user:password@ in a URL
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${redacted}@`],
  // Authorization header values
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${redacted}`],
  // Provider key formats: OpenAI/Anthropic, Hugging Face, GitHub, Slack, Google, AWS, JWTs
  [/\bsk-[A-Za-z0-9_-]{16,}/g, redacted],
  [/\bhf_[A-Za-z0-9]{20,}/g, redacted],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, redacted],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/g, redacted],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, redacted],
  [/\bAKIA[0-9A-Z]{16}\b/g, redacted],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g, redacted],
  // key=value, "key": "value", key: value where the key names a secret
  [
    /\b((?:[A-Za-z0-9]+[_-])*(?:api[_-]?key|apikey|access[_-]?token|token|secret|password|passwd|key|authorization))(["']?\s*[:=]\s*["']?)[^\s"'&,;})\]]+/gi,
    `$1$2${redacted}`,
  ],
];

/**
 * Replaces what looks like a credential in `text` (API keys, bearer tokens,
 * passwords in URLs or query strings) with `[REDACTED]`. Used for every error
 * message, since messages end up in logs and on screens.
 */
export function redactSecrets(text: string): string {
  let result = text;
  for (const [pattern, replacement] of rules) result = result.replace(pattern, replacement);
  return result;
}
