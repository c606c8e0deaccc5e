import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  exports: Record<string, { types: string; default: string }>;
};
const subpaths = Object.keys(manifest.exports).filter((key) => key !== '.');

describe('subpath exports', () => {
  it('has one subpath per kind of peer, each a built index', () => {
    expect(subpaths).toEqual([
      './stand-in',
      './fake-engines',
      './llama-server',
      './gguf',
      './nats-server',
      './programs',
    ]);
    for (const key of subpaths) {
      expect(manifest.exports[key]).toEqual({
        types: `./dist/${key.slice(2)}/index.d.ts`,
        default: `./dist/${key.slice(2)}/index.js`,
      });
    }
  });

  it('resolves each subpath by the package name; together they are exactly the root export', async () => {
    // By name, as a user imports them: the built modules, not this source tree
    // (a specifier in a variable, so that type-checking does not need the build).
    const name = '@openjarvis/testing';
    const root = (await import(name)) as Record<string, unknown>;
    const seen = new Map<string, unknown>();
    for (const key of subpaths) {
      const module = (await import(`${name}/${key.slice(2)}`)) as Record<string, unknown>;
      expect(Object.keys(module).length, key).toBeGreaterThan(0);
      for (const [name, value] of Object.entries(module)) {
        expect(root[name], `${key} ${name}`).toBe(value);
        seen.set(name, value);
      }
    }
    expect([...seen.keys()].sort()).toEqual(Object.keys(root).sort());
  });
});
