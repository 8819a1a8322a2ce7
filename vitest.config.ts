// Three projects: the engine (and CLI, host, Python proofs) in Node, the renderer in happy-dom,
// and end-to-end tests that drive the built app in a real Chromium. `npm test` runs them all.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'engine',
          environment: 'node',
          include: ['test/engine/**/*.test.ts', 'test/python/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/host/**/*.test.ts', 'test/capture/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.ts'],
        },
        resolve: { alias: { '@': resolve(root, 'renderer/src') } },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The UI under a loaded CI machine (the engine tests run beside): expect.poll's 1 s default
          // failed a first step, and every later step of the file with it.
          expect: { poll: { timeout: 15_000 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
