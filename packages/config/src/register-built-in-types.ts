import { registerOpenCodeAgent } from '@openjarvis/agent-opencode';
import {
  type AgentRegistry,
  agentRegistry,
  type EngineRegistry,
  engineRegistry,
  registerSimpleAgent,
} from '@openjarvis/core';
import { registerLlamaCppEngine } from '@openjarvis/engine-llamacpp';
import { registerOllamaEngine } from '@openjarvis/engine-ollama';
import { registerOpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { registerVLLMEngine } from '@openjarvis/engine-vllm';

/**
 * Registers the agent types (`opencode`, `simple`) and engine types
 * (`ollama`, `vllm`, `llamacpp`, `openai-compatible`) this project ships, so
 * that a config can name them. Idempotent.
 */
export function registerBuiltInTypes(
  registries: { agentRegistry?: AgentRegistry; engineRegistry?: EngineRegistry } = {},
): void {
  const agents = registries.agentRegistry ?? agentRegistry;
  const engines = registries.engineRegistry ?? engineRegistry;
  registerOpenCodeAgent(agents);
  registerSimpleAgent(agents);
  registerOllamaEngine(engines);
  registerVLLMEngine(engines);
  registerLlamaCppEngine(engines);
  registerOpenAICompatibleEngine(engines);
}
