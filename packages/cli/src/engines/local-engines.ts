import type { EngineConfig } from '@openjarvis/config';

/** An engine to look for: a display name and how to build it. */
export interface EngineCandidate {
  name: string;
  config: EngineConfig;
}

/** The engines `jarvis engines` and `jarvis run` look for, on their default ports on this machine. */
export const localEngines: readonly EngineCandidate[] = [
  { name: 'ollama', config: { type: 'ollama', host: 'http://127.0.0.1:11434' } },
  { name: 'vllm', config: { type: 'vllm', host: 'http://127.0.0.1:8000' } },
  { name: 'llamacpp', config: { type: 'llamacpp', host: 'http://127.0.0.1:8080' } },
];
