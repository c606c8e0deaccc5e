import type { InferenceEngine } from '@openjarvis/core';
import { OllamaEngine } from '@openjarvis/engine-ollama';
import { OpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';

/**
 * The engine and model to run on: `JARVIS_ENGINE_URL` (any OpenAI-compatible
 * server) else a local Ollama; `JARVIS_MODEL` else `qwen3:8b`.
 */
export function engineFromEnv(): { engine: InferenceEngine; model: string } {
  const url = process.env.JARVIS_ENGINE_URL;
  const engine =
    url === undefined || url === ''
      ? new OllamaEngine()
      : new OpenAICompatibleEngine({ host: url });
  return { engine, model: process.env.JARVIS_MODEL ?? 'qwen3:8b' };
}
