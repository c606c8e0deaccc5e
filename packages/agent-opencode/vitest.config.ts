import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // End-to-end tests start real opencode servers (~2.5 s each on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts its own servers; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
  },
});
