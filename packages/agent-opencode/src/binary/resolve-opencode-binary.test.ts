import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpenCodeAvailable, resolveOpenCodeBinary } from './resolve-opencode-binary.js';

const realBinary = resolveOpenCodeBinary({ env: { PATH: '' } });

function pathWith(name: string, target: string | 'shim'): string {
  const dir = mkdtempSync(join(tmpdir(), 'oj-path-'));
  if (target === 'shim') {
    writeFileSync(join(dir, name), '#!/bin/sh\nexec something "$@"\n');
    chmodSync(join(dir, name), 0o755);
  } else {
    symlinkSync(target, join(dir, name));
  }
  return dir;
}

describe('resolveOpenCodeBinary', () => {
  it('finds the binary of the opencode-ai package installed beside this one', () => {
    expect(realBinary).toMatch(/opencode(\.exe)?$/);
  });

  it('opencode found on PATH → available (ported)', () => {
    const dir = pathWith('opencode', realBinary as string);
    expect(isOpenCodeAvailable({ env: { PATH: dir }, searchPackage: false })).toBe(true);
  });

  it('opencode not found on PATH → not available (ported)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'oj-empty-'));
    expect(isOpenCodeAvailable({ env: { PATH: empty }, searchPackage: false })).toBe(false);
  });

  it('skips package-manager shims on PATH, which would not forward signals', () => {
    const dir = pathWith('opencode', 'shim');
    expect(resolveOpenCodeBinary({ env: { PATH: dir }, searchPackage: false })).toBeUndefined();
  });

  it('an explicit path that does not exist resolves to nothing, without searching further', () => {
    expect(resolveOpenCodeBinary({ opencodeBin: '/nonexistent/opencode' })).toBeUndefined();
  });

  it('OPENCODE_BIN is used when no explicit path is given', () => {
    expect(resolveOpenCodeBinary({ env: { OPENCODE_BIN: realBinary as string, PATH: '' } })).toBe(
      realBinary,
    );
  });
});
