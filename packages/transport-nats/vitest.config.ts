import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The e2e tests start a real nats-server and opencode, slow on 2 shared cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
