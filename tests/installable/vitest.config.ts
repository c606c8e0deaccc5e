import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Packing builds every package (prepack) and npm installs the tarballs
    // with their registry dependencies, opencode included: minutes on 2 cores.
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
