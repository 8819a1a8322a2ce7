// Three builds from a custom layout (electron-vite's defaults expect src/): main-side Node code
// (Electron main, the engine worker, the CLI and serve mode share one build), the preload as
// CommonJS (sandboxed preloads cannot be ES modules), and the Vue renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;
// Rolldown warns when plugins take a large share of a build; on a loaded 2-core box every build
// would print that table. The build is measured by `npm run bench`, not by its own log.
const checks = { bundlerTimings: false };

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        checks,
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          cli: resolve(root, 'electron/cli/index.ts'),
          worker: resolve(root, 'electron/host/worker.ts'),
          // The parallel reader's scan threads (formats/heapscope/parallel/ScanPool.ts finds it beside the others).
          scanWorker: resolve(root, 'electron/engine/formats/heapscope/parallel/scanWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      rolldownOptions: {
        checks,
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // Minified: the first script and the Graph chunk parse in about half the time at page start.
      minify: true,
      // The Graph view's chunk carries Cytoscape (~520 KB minified); it loads only when that view opens.
      chunkSizeWarningLimit: 800,
      rolldownOptions: { checks, input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
