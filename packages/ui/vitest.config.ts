import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/test-support/global-setup.ts'],
    // The browser tests start Chromium and a real opencode server; margins are
    // generous for a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
