import { describe, expect, it } from 'vitest';
import { buildOpenCodeConfig } from '../config/build-opencode-config.js';
import { canonicalJson, type ServerSpec, serverKey } from './server-spec.js';

const spec = (change: Partial<ServerSpec> = {}): ServerSpec => ({
  binary: '/bin/opencode',
  hostname: '127.0.0.1',
  port: 0,
  username: 'opencode',
  password: undefined,
  config: buildOpenCodeConfig({
    agent: 'build',
    providerId: 'openjarvis',
    providerBaseUrl: 'http://127.0.0.1:11434/v1',
    modelId: 'qwen',
    apiKey: 'sk-secret',
  }),
  ripgrep: undefined,
  dataDir: undefined,
  ignoreProjectConfig: false,
  env: { A: '1', B: '2' },
  maxServers: 1,
  recycle: { afterRuns: 250, aboveRssMiB: 1024 },
  ...change,
});

describe('serverKey', () => {
  it('is equal for equal specs, whatever the order of their keys', () => {
    expect(serverKey(spec({ env: { B: '2', A: '1' } }))).toBe(serverKey(spec()));
  });

  it('differs when anything the server is made of differs', () => {
    const base = serverKey(spec());
    expect(serverKey(spec({ password: 'p' }))).not.toBe(base);
    expect(serverKey(spec({ env: { A: '1' } }))).not.toBe(base);
    expect(serverKey(spec({ maxServers: 2 }))).not.toBe(base);
    expect(serverKey(spec({ recycle: undefined }))).not.toBe(base);
    const otherEngine = buildOpenCodeConfig({
      agent: 'build',
      providerId: 'openjarvis',
      providerBaseUrl: 'http://127.0.0.1:8000/v1',
      modelId: 'qwen',
    });
    expect(serverKey(spec({ config: otherEngine }))).not.toBe(base);
  });

  it('holds no secret in clear', () => {
    const key = serverKey(spec({ password: 'hunter2' }));
    expect(key).not.toContain('hunter2');
    expect(key).not.toContain('sk-secret');
    expect(key).toMatch(/^[\w-]{43}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined fields and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: undefined, a: 0 }], a: 'x' })).toBe(
      '{"a":"x","b":[2,{"a":0,"d":1}]}',
    );
  });
});
