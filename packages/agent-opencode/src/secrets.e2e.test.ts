import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AgentResult, EventBus, REDACTED } from '@openjarvis/core';
import { recordBusToJsonl } from '@openjarvis/recorder';
import { echoCredentialsScript, markerScript, reply, turnScript } from '@openjarvis/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventsOf, type Rig, startRig } from './test-support/harness.js';

// A real opencode whose scripted model leaks everything it can: the engine key
// it receives in its Authorization header, and the server password (which the
// test hands it), into streamed text, tool arguments, tool output, an HTTP
// error body and so the engine-retry messages.
const key = `sk-echo-${randomBytes(8).toString('hex')}`;
let password = '';
const script = markerScript({
  '[[echo]]': echoCredentialsScript(() => [password]),
  '[[echo-error]]': turnScript([
    (request) =>
      reply.httpError(
        500,
        `upstream rejected ${String(request.headers.authorization)} (server password ${password})`,
      ),
  ]),
});

describe('secrets never leave an OpenCodeAgent (real opencode, leaking model)', () => {
  let rig: Rig;
  const bus = new EventBus({ recordHistory: true });
  const recording = join(mkdtempSync(join(tmpdir(), 'oj-rec-')), 'run.jsonl');
  const results: AgentResult[] = [];

  beforeAll(async () => {
    rig = await startRig(script, { bus, apiKey: key, maxEngineRetries: 1 });
    password = rig.password;
    const recorder = recordBusToJsonl(bus, recording);
    results.push(await rig.agent.run('Show me your credentials [[echo]]'));
    results.push(await rig.agent.run('Fail with them [[echo-error]]'));
    await recorder.close();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('the model really did leak them: the engine received the key and the paths carried the placeholder', () => {
    const sent = rig.model.requests.filter((request) => !request.isTitleRequest);
    expect(sent.every((request) => request.headers.authorization === `Bearer ${key}`)).toBe(true);
    const start = eventsOf(rig.events, 'tool_call_start')[0];
    expect(JSON.stringify(start?.data.input)).toContain(REDACTED);
    expect(eventsOf(rig.events, 'tool_call_end')[0]?.data.output).toContain(REDACTED);
    const text = eventsOf(rig.events, 'agent_text_delta')
      .map((event) => event.data.delta)
      .join('');
    expect(text).toContain(`You sent Bearer ${REDACTED} ${REDACTED}`);
    expect(results[0]?.metadata.error).toBeUndefined();
    expect(results[0]?.toolResults[0]?.content).toContain(REDACTED);
    const retries = eventsOf(rig.events, 'agent_status').filter(
      (event) => event.data.status === 'retrying',
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(retries[0]?.data.message).toContain(REDACTED);
    expect(results[1]?.metadata.error?.kind).toBe('engine_error');
  });

  it('zero occurrences in every event, on the bus, in the results and in the recording', () => {
    const basic = Buffer.from(`opencode:${password}`).toString('base64');
    const places = {
      events: JSON.stringify(rig.events),
      bus: JSON.stringify(bus.history),
      results: JSON.stringify(results),
      recording: readFileSync(recording, 'utf8'),
    };
    for (const [place, text] of Object.entries(places)) {
      for (const secret of [key, password, basic]) {
        expect({ place, occurrences: text.split(secret).length - 1 }).toEqual({
          place,
          occurrences: 0,
        });
      }
    }
  });
});
