import { defineConfig } from 'vitest/config'

export default defineConfig({
  define: { __RECORDER_VERSION__: JSON.stringify('test') },
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts'],
    // e2e tests start Chromium and servers; two cores cannot run many at once.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
