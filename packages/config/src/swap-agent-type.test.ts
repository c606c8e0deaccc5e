import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpenCodeAgent } from '@openjarvis/agent-opencode';
import { EventBus, EventType } from '@openjarvis/core';
import {
  reply,
  type ScriptedModelServer,
  startScriptedModelServer,
  turnScript,
} from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFromConfig } from './create-from-config.js';
import type { JarvisConfigInput } from './schema/jarvis-config.js';
import { builtInRegistries } from './test-support/built-in-registries.js';

const answer = 'The stand-in model says hello.';
let model: ScriptedModelServer;
let workspace: string;

beforeAll(async () => {
  model = await startScriptedModelServer({ script: turnScript([reply.text(answer)]) });
  workspace = await mkdtemp(join(tmpdir(), 'jarvis-swap-'));
});
afterAll(async () => {
  await model.close();
  await rm(workspace, { recursive: true, force: true });
});

function configWith(type: 'opencode' | 'simple'): JarvisConfigInput {
  return {
    engines: { standin: { type: 'openai-compatible', host: model.url } },
    agents: {
      assistant: {
        type,
        engine: 'standin',
        model: 'scripted-model',
        ...(type === 'opencode' ? { options: { workspace, maxEngineRetries: 0 } } : {}),
      },
    },
  };
}

/** Subscriber code written once, against the bus, knowing nothing of agent types. */
function watch(bus: EventBus): string[] {
  const seen: string[] = [];
  bus.subscribe(EventType.AGENT_TURN_START, (event) => seen.push(`start ${event.data.input}`));
  bus.subscribe(EventType.AGENT_TURN_END, (event) =>
    seen.push(
      `end ${event.data.error === undefined ? 'ok' : 'failed'}: ${event.data.result.content}`,
    ),
  );
  return seen;
}

describe('swapping "type" in the config', () => {
  it.each(['simple', 'opencode'] as const)(
    'leaves the same subscriber working for %s',
    async (type) => {
      const bus = new EventBus();
      const seen = watch(bus);
      const instances = await createFromConfig(configWith(type), {
        bus,
        ...builtInRegistries(),
      });
      try {
        const agent = instances.agents.get('assistant');
        expect(agent?.agentId).toBe(type);
        const result = await agent?.run('Say hello.');
        expect(result?.content).toBe(answer);
        expect(seen).toEqual(['start Say hello.', `end ok: ${answer}`]);
        const pid = agent instanceof OpenCodeAgent ? await agent.serverPid() : undefined;
        await instances.close();
        if (pid !== undefined) expect(existsSync(`/proc/${pid}`)).toBe(false);
      } finally {
        await instances.close();
      }
    },
  );
});
