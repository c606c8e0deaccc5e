import { parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';

export type ConfigFormat = 'json' | 'yaml';

/** The format a config file's name implies: `.yaml` / `.yml` are YAML, everything else JSON. */
export function formatOf(path: string): ConfigFormat {
  return /\.ya?ml$/i.test(path) ? 'yaml' : 'json';
}

/**
 * Parses the text of a config file. Syntax errors name the line and column
 * but never quote the text: a config may hold an API key.
 */
export function readConfigText(text: string, format: ConfigFormat, source: string): unknown {
  return format === 'yaml' ? readYaml(text, source) : readJson(text, source);
}

function readJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw syntaxError(`not valid JSON: ${describeJsonError(reason, text)}`, source, error);
  }
}

function readYaml(text: string, source: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const first = document.errors[0];
  if (first !== undefined) {
    const at = first.linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    throw syntaxError(`not valid YAML: ${first.code.toLowerCase()}${where}`, source, first);
  }
  return document.toJS();
}

function describeJsonError(message: string, text: string): string {
  const positioned = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (positioned !== null) {
    const { line, column } = lineAndColumn(text, Number(positioned[2]));
    return `${lowerFirst(positioned[1] ?? '')} at line ${line}, column ${column}`;
  }
  // V8 quotes the text around an unexpected token; keep only the token.
  const token = /^Unexpected token '(.)'/.exec(message);
  if (token !== null) return `unexpected character '${token[1]}'`;
  return lowerFirst(message.split(',')[0] ?? message);
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return { line, column: position - before.lastIndexOf('\n') };
}

function syntaxError(message: string, source: string, cause: unknown): ConfigError {
  return new ConfigError({ issues: [{ path: '', message }], source, cause });
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
