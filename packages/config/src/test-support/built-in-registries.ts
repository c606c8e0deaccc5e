import { registerOpenCodeAgent } from '@openjarvis/agent-opencode';
import { AgentRegistry, EngineRegistry, registerSimpleAgent } from '@openjarvis/core';
import { registerLlamaCppEngine } from '@openjarvis/engine-llamacpp';
import { registerOllamaEngine } from '@openjarvis/engine-ollama';
import { registerOpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { registerVLLMEngine } from '@openjarvis/engine-vllm';

/**
 * Fresh registries holding the types this project ships, each registered by
 * its own package, as an application (the CLI) registers them.
 */
export function builtInRegistries(): {
  agentRegistry: AgentRegistry;
  engineRegistry: EngineRegistry;
} {
  const agentRegistry = registerSimpleAgent(registerOpenCodeAgent(new AgentRegistry()));
  const engineRegistry = new EngineRegistry();
  registerOllamaEngine(engineRegistry);
  registerVLLMEngine(engineRegistry);
  registerLlamaCppEngine(engineRegistry);
  registerOpenAICompatibleEngine(engineRegistry);
  return { agentRegistry, engineRegistry };
}
