import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // The swap test starts a real opencode server (~3 s on 2 cores).
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
