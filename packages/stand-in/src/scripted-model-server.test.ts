import { afterEach, describe, expect, it } from 'vitest';
import { reply } from './model-reply.js';
import { type ScriptedModelServer, startScriptedModelServer } from './scripted-model-server.js';
import { markerScript, turnScript } from './scripts.js';

let server: ScriptedModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Completion {
  choices: Array<{
    finish_reason: string;
    message: { content: string | null; tool_calls: Array<{ function: { arguments: string } }> };
  }>;
}

async function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${server?.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', ...body }),
  });
}

async function until(predicate: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(predicate()).toBe(true);
}

function dataLines(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice(6));
}

describe('scripted model server speaks the OpenAI chat-completions protocol', () => {
  it('streams text as chunks, then a finish chunk, a usage chunk with empty choices, and [DONE]', async () => {
    server = await startScriptedModelServer({ script: () => reply.text('one two three') });
    const response = await post({ stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const lines = dataLines(await response.text());
    expect(lines.at(-1)).toBe('[DONE]');
    const chunks = lines.slice(0, -1).map((line) => JSON.parse(line));
    const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe('one two three');
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).choices).toEqual([]);
    expect(chunks.at(-1).usage).toEqual({
      prompt_tokens: 100,
      completion_tokens: 20,
      total_tokens: 120,
    });
  });

  it('streams tool calls as fragments whose arguments concatenate to the JSON', async () => {
    server = await startScriptedModelServer({
      script: () =>
        reply.toolCall('write', { filePath: 'a-rather-long-name.txt', content: 'x'.repeat(40) }),
    });
    const response = await post({ stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const chunks = dataLines(await response.text())
      .slice(0, -1)
      .map((line) => JSON.parse(line));
    const fragments = chunks.flatMap((c) => c.choices[0]?.delta?.tool_calls ?? []);
    expect(fragments.length).toBeGreaterThan(2);
    expect(fragments[0]).toMatchObject({
      index: 0,
      id: 'call_0_1',
      type: 'function',
      function: { name: 'write' },
    });
    const args = fragments
      .map((f: { function: { arguments?: string } }) => f.function.arguments ?? '')
      .join('');
    expect(JSON.parse(args)).toEqual({
      filePath: 'a-rather-long-name.txt',
      content: 'x'.repeat(40),
    });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('tool_calls');
  });

  it('answers non-streaming requests with one completion body', async () => {
    server = await startScriptedModelServer({
      script: () => reply.toolCall('bash', { command: 'ls' }),
    });
    const body = (await (
      await post({ messages: [{ role: 'user', content: 'hi' }] })
    ).json()) as Completion;
    expect(body.choices[0]?.finish_reason).toBe('tool_calls');
    expect(JSON.parse(body.choices[0]?.message.tool_calls[0]?.function.arguments ?? '')).toEqual({
      command: 'ls',
    });
  });

  it('sends scripted HTTP errors in the OpenAI error shape', async () => {
    server = await startScriptedModelServer({
      script: () => reply.httpError(503, 'Loading model', 'unavailable_error'),
    });
    const response = await post({ stream: true, messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { message: 'Loading model', type: 'unavailable_error' },
    });
  });

  it("sends llama-server's loading reply: 503 unavailable_error with its code", async () => {
    server = await startScriptedModelServer({ script: () => reply.loading() });
    const response = await post({ stream: true, messages: [] });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { message: 'Loading model', type: 'unavailable_error', code: 503 },
    });
  });

  it('cuts a stream after some bytes: the client sees the connection end mid-reply', async () => {
    server = await startScriptedModelServer({
      script: () => reply.text('one two three four', { fault: { kind: 'cut', afterBytes: 300 } }),
    });
    const response = await post({ stream: true, messages: [] });
    const text = await response.text().catch((error: unknown) => error);
    // Either the body ends early (no [DONE]) or reading it fails: both are a cut.
    if (typeof text === 'string') expect(text).not.toContain('[DONE]');
    else expect(text).toBeInstanceOf(Error);
    await until(() => server?.openRequests === 0);
  });

  it('stalls a body mid-JSON with the connection open, counted open until the client leaves', async () => {
    server = await startScriptedModelServer({
      script: () => reply.text('never complete', { fault: { kind: 'stall', afterBytes: 40 } }),
    });
    const controller = new AbortController();
    const stalled = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [] }),
      signal: controller.signal,
    });
    // The headers promise a whole completion; 40 bytes of it come.
    expect(Number(stalled.headers.get('content-length'))).toBeGreaterThan(40);
    const first = await stalled.body?.getReader().read();
    const partial = new TextDecoder().decode(first?.value);
    expect(partial).toHaveLength(40);
    expect(partial.startsWith('{"id":"chatcmpl-')).toBe(true);
    expect(() => JSON.parse(partial)).toThrow();
    expect(server.openRequests).toBe(1);
    controller.abort();
    await until(() => server?.openRequests === 0);
    expect(server.disconnects).toBe(1);
  });

  it('refuses connections while down and answers again on the same port once back', async () => {
    server = await startScriptedModelServer({ script: () => reply.text('back') });
    await server.refuseConnections();
    const refused = await post({ messages: [] }).catch((error: unknown) => error);
    expect(JSON.stringify((refused as Error).cause, ['code'])).toContain('ECONNREFUSED');
    await server.acceptConnections();
    expect((await post({ messages: [] })).status).toBe(200);
  });

  it('sends a malformed chunk that a JSON parser rejects', async () => {
    server = await startScriptedModelServer({ script: () => reply.malformed() });
    const lines = dataLines(await (await post({ stream: true, messages: [] })).text());
    expect(() => JSON.parse(lines.at(-1) ?? '')).toThrow();
  });

  it('a hanging reply never answers, and close() still returns', async () => {
    server = await startScriptedModelServer({ script: () => reply.hang() });
    const pending = post({ stream: true, messages: [] }).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    server = undefined;
  });

  it('describes each request: step within the turn, tool results, user text', async () => {
    server = await startScriptedModelServer({
      script: markerScript({ '[[a]]': turnScript([reply.text('first'), reply.text('second')]) }),
    });
    await post({ messages: [{ role: 'user', content: 'go [[a]]' }] });
    const second = await post({
      messages: [
        { role: 'user', content: 'go [[a]]' },
        {
          role: 'assistant',
          content: '',
          tool_calls: [{ id: 'c1', function: { name: 'x', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: 'result' },
      ],
    });
    expect(((await second.json()) as Completion).choices[0]?.message.content).toBe('second');
    expect(server.requests.map((r) => r.step)).toEqual([0, 1]);
    expect(server.requests[1]?.toolResults).toEqual([{ callId: 'c1', content: 'result' }]);
    expect(server.requests[1]?.userText).toBe('go [[a]]');
  });

  it('rejects a body that is not JSON with 400', async () => {
    server = await startScriptedModelServer({ script: () => reply.text('x') });
    const response = await fetch(`${server.baseUrl}/chat/completions`, {
      method: 'POST',
      body: '{oops',
    });
    expect(response.status).toBe(400);
  });
});
