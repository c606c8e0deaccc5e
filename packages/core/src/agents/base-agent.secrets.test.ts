import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/event-bus.js';
import type { AnyJarvisEvent } from '../events/jarvis-event.js';
import { REDACTED } from '../secrets/secret-redactor.js';
import { ScriptedEngine } from '../test-support/scripted-engine.js';
import type { AgentResult } from './agent-result.js';
import { BaseAgent, type BaseAgentOptions } from './base-agent.js';

const key = 'sk-engine-key-4242';
const registered = 'hunter2-registered';

/** An agent that leaks every secret it can into its events and result. */
class LeakyAgent extends BaseAgent {
  readonly agentId = 'leaky';
  deltas: string[] = [];
  /** Flush the held-back text before the status event, as an agent that publishes end-of-run events does. */
  flushBeforeStatus = false;

  async run(input: string): Promise<AgentResult> {
    const scope = this.beginRun();
    this.emitTurnStart(input, scope);
    for (const delta of this.deltas) {
      this.emitTextDelta(scope, { delta, kind: 'text', partId: 'p1' });
    }
    this.emit('tool_call_start', {
      ...this.identity(scope),
      tool: 'bash',
      callId: 'c1',
      input: { command: `echo ${key}`, env: [registered] },
    });
    if (this.flushBeforeStatus) this.flushTextDeltas(scope);
    this.emit('agent_status', {
      ...this.identity(scope),
      status: 'retrying',
      message: `401 for key ${key}`,
    });
    return this.emitTurnEnd(scope, {
      turns: 1,
      result: {
        content: `the key is ${key}`,
        toolResults: [{ toolName: 'bash', content: registered, success: true, input: { key } }],
        turns: 1,
        metadata: { error: { kind: 'engine_error', message: registered } },
      },
    });
  }
}

function leakyAgent(options: BaseAgentOptions = {}) {
  const engine = new ScriptedEngine({ apiKey: key });
  const agent = new LeakyAgent(engine, 'm', { secrets: [registered], ...options });
  const events: AnyJarvisEvent[] = [];
  agent.events$.subscribe((event) => events.push(event));
  return { agent, events };
}

describe('BaseAgent keeps secrets in', () => {
  it('redacts the engine key and registered secrets from every event and the result', async () => {
    const bus = new EventBus();
    const onBus: AnyJarvisEvent[] = [];
    bus.events$.subscribe((event) => onBus.push(event));
    const { agent, events } = leakyAgent({ bus });
    agent.deltas = [`here: ${key} `, `and ${registered}`];
    const result = await agent.run('go');
    for (const text of [JSON.stringify(events), JSON.stringify(onBus), JSON.stringify(result)]) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(registered);
      expect(text).toContain(REDACTED);
    }
    expect(result.content).toBe(`the key is ${REDACTED}`);
    // The result handed back is the one in agent_turn_end.
    const end = events.find((event) => event.type === 'agent_turn_end');
    expect(end?.type === 'agent_turn_end' && end.data.result).toBe(result);
  });

  it('catches a secret split across text deltas, and emits all the other text', async () => {
    const { agent, events } = leakyAgent();
    agent.deltas = ['The key: sk-eng', 'ine-key-4', '242. Bye sk-e'];
    await agent.run('go');
    const deltas = events.flatMap((event) =>
      event.type === 'agent_text_delta' ? [event.data.delta] : [],
    );
    for (const delta of deltas) expect(delta).not.toMatch(/sk-eng|ine-key/);
    expect(deltas.join('')).toBe(`The key: ${REDACTED}. Bye sk-e`);
    // What was held back comes out before the turn ends.
    const types = events.map((event) => event.type);
    expect(types.lastIndexOf('agent_text_delta')).toBeLessThan(types.indexOf('agent_turn_end'));
  });

  it('flushTextDeltas puts the held-back text ahead of the events that follow it', async () => {
    const { agent, events } = leakyAgent();
    agent.deltas = ['ends with the start of a key: sk-eng'];
    agent.flushBeforeStatus = true;
    await agent.run('go');
    const types = events.map((event) => event.type);
    const deltas = events.flatMap((event) =>
      event.type === 'agent_text_delta' ? [event.data.delta] : [],
    );
    expect(deltas.join('')).toBe('ends with the start of a key: sk-eng');
    expect(types.lastIndexOf('agent_text_delta')).toBeLessThan(types.indexOf('agent_status'));
  });

  it('takes secrets registered after construction', async () => {
    const { agent, events } = leakyAgent();
    agent.secrets.add('late-secret-99');
    agent.deltas = ['late-secret-99'];
    await agent.run('go');
    expect(JSON.stringify(events)).not.toContain('late-secret-99');
  });
});
