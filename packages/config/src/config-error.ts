import { hasMarker, JarvisError } from '@openjarvis/core';

/** One problem with a config, at one field. */
export interface ConfigIssue {
  /** The field at fault, dotted from the root, e.g. `agents.coder.type`; `''` for the file as a whole. */
  path: string;
  message: string;
}

const marker = Symbol.for('openjarvis.error.ConfigError');

/**
 * A config that cannot be used: unreadable file, malformed JSON or YAML, a
 * field of the wrong shape, an unknown agent or engine type, a reference to an
 * engine that is not defined. The message names each bad field.
 */
export class ConfigError extends JarvisError {
  readonly [marker] = true;
  readonly issues: readonly ConfigIssue[];
  /** The file the config came from, when it came from one. */
  readonly source: string | undefined;

  constructor(options: { issues: readonly ConfigIssue[]; source?: string; cause?: unknown }) {
    super(formatMessage(options.issues, options.source), { cause: options.cause });
    this.name = 'ConfigError';
    this.issues = options.issues;
    this.source = options.source;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return hasMarker(error, marker);
  }
}

function formatMessage(issues: readonly ConfigIssue[], source: string | undefined): string {
  const lines = issues.map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
  const prefix = source === undefined ? '' : `${source}: `;
  if (lines.length === 1) return `${prefix}${lines[0]}`;
  return `${prefix}${lines.length} problems:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}
