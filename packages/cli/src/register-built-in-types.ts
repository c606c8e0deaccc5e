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
 * The agent types (`opencode`, `simple`) and engine types (`ollama`, `vllm`,
 * `llamacpp`, `openai-compatible`) that `jarvis` offers a config, each
 * registered by the package that owns it. The config loader knows none of
 * them: choosing the types is the application's business, and this is the CLI's
 * choice. Idempotent.
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
