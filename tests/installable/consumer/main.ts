// A user's program, compiled against the installed tarballs under the
// strictest settings: one OpenCodeAgent run on an OpenAI-compatible engine,
// with the scripted stand-in model in place of an LLM.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { type AnyJarvisEvent, EventBus, EventType } from '@openjarvis/core';
import { OpenAICompatibleEngine } from '@openjarvis/engine-openai-compatible';
import { demoScript, startScriptedModelServer } from '@openjarvis/stand-in';

const model = await startScriptedModelServer({ script: demoScript, modelId: 'stand-in' });
const workspace = await mkdtemp(join(tmpdir(), 'jarvis-consumer-'));
const bus = new EventBus();
const agent = new OpenCodeAgent(new OpenAICompatibleEngine({ host: model.url }), 'stand-in', {
  bus,
  workspace,
  ignoreProjectConfig: true,
});
const tools: string[] = [];
bus.events$.subscribe((event: AnyJarvisEvent) => {
  if (event.type === EventType.TOOL_CALL_END)
    tools.push(`${event.data.tool}:${event.data.success ? 'ok' : 'failed'}`);
});
try {
  const result = await agent.run('Write hello.txt and count its bytes.');
  const written = await readFile(join(workspace, 'hello.txt'), 'utf8');
  console.log(
    JSON.stringify({
      error: result.metadata.error?.kind ?? null,
      content: result.content,
      tools,
      written,
    }),
  );
} finally {
  await agent.close();
  await model.close();
  await rm(workspace, { recursive: true, force: true });
}
