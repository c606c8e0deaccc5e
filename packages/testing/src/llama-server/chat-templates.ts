import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * The chat templates used with the tiny model (files under `fixtures/llamacpp-templates/`).
 *
 * - `bare-json-tools`: renders a tool call as a bare JSON object, so llama-server's tool-call
 *   trigger becomes `{` and a random-weight model can be forced into a real call.
 * - `chatml-notools`: plain ChatML without tools; llama-server then ignores `tools` silently.
 */
export type ChatTemplateName = 'bare-json-tools' | 'chatml-notools';

export const CHAT_TEMPLATE_NAMES: readonly ChatTemplateName[] = [
  'bare-json-tools',
  'chatml-notools',
];

// The same relative path works from src/llama-server (tests) and dist/llama-server (build).
const templatesDir = new URL('../../fixtures/llamacpp-templates/', import.meta.url);

/** Absolute path of a template file, for `--chat-template-file`. */
export function chatTemplatePath(name: ChatTemplateName): string {
  return fileURLToPath(new URL(`${name}.jinja`, templatesDir));
}

export async function readChatTemplate(name: ChatTemplateName): Promise<string> {
  return readFile(chatTemplatePath(name), 'utf8');
}
