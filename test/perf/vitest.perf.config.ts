import { defineConfig } from 'vitest/config';

/**
 * Live-run measurements (not part of `npm test`): `npm run build` first, then
 * `npx vitest run -c test/perf/vitest.perf.config.ts`. Reports, does not assert.
 */
export default defineConfig({
  test: {
    include: ['test/perf/**/*.perf.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
