import type { EngineConfig } from '@openjarvis/config';
import { UsageError } from '../usage-error.js';
import { localEngines } from './local-engines.js';

const namedTypes = ['ollama', 'vllm', 'llamacpp'] as const;

/**
 * Reads `--engine`: an engine type (at its default host) or the URL of an
 * OpenAI-compatible server (`http://127.0.0.1:1234`, `localhost:1234/v1`).
 * A named type gets the host `jarvis engines` probes and prints
 * (`http://127.0.0.1:11434`), so `run` and `engines` name the same place
 * the same way.
 */
export function engineFromFlag(value: string): EngineConfig {
  const trimmed = value.trim();
  if ((namedTypes as readonly string[]).includes(trimmed)) {
    const local = localEngines.find((candidate) => candidate.config.type === trimmed);
    return local === undefined ? { type: trimmed } : { ...local.config };
  }
  if (/^https?:\/\/\S+$/i.test(trimmed)) return { type: 'openai-compatible', host: trimmed };
  if (/^[\w.-]+:\d+(\/\S*)?$/.test(trimmed)) {
    return { type: 'openai-compatible', host: `http://${trimmed}` };
  }
  throw new UsageError(
    `--engine must be ollama, vllm, llamacpp or a URL such as http://127.0.0.1:1234, got "${value}"`,
  );
}
