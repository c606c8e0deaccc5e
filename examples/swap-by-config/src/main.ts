// Agents come from jarvis.config.json: change an agent's "type" from
// "opencode" to "simple" (or to a type your own package registers) and this
// program, and its subscribers, stay exactly as they are.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerOpenCodeAgent } from '@openjarvis/agent-opencode';
import { createFromConfig, type JarvisConfig, loadConfig } from '@openjarvis/config';
import { EventBus, registerSimpleAgent } from '@openjarvis/core';
import { registerOllamaEngine } from '@openjarvis/engine-ollama';
import { registerOpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { watchAgents } from './watch-agents.js';

const task = 'Create hello.txt with a short greeting, then count its bytes with wc -c.';
const configPath =
  process.argv[2] ?? fileURLToPath(new URL('../jarvis.config.json', import.meta.url));

// The types a config may name are the program's choice: each package registers its own.
registerOpenCodeAgent();
registerSimpleAgent();
registerOllamaEngine();
registerOpenAICompatibleEngine();

const config = await loadConfig(configPath);
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-swap-'));
pointAtEnvironment(config, workspace);

const bus = new EventBus();
watchAgents(bus);
const jarvis = await createFromConfig(config, { bus });
try {
  for (const [name, agent] of jarvis.agents) {
    console.log(`--- ${name} (type ${agent.agentId})`);
    const result = await agent.run(task);
    if (result.metadata.error !== undefined) process.exitCode = 1;
  }
} finally {
  await jarvis.close();
  await rm(workspace, { recursive: true, force: true });
}

/** Runs opencode agents in a scratch directory, and every engine at JARVIS_ENGINE_URL when set. */
function pointAtEnvironment(loaded: JarvisConfig, dir: string): void {
  const url = process.env.JARVIS_ENGINE_URL;
  if (url !== undefined && url !== '') {
    for (const name of Object.keys(loaded.engines)) {
      loaded.engines[name] = { type: 'openai-compatible', host: url };
    }
  }
  for (const agent of Object.values(loaded.agents)) {
    if (agent.type === 'opencode') agent.options = { ...agent.options, workspace: dir };
  }
}
