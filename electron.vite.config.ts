// Builds the three parts of the app into out/: main (the Electron main process plus the
// core utility process, two entries of one Node bundle), the preload, and the renderer.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * The dev server injects inline scripts (React refresh) and inline styles (CSS hot
 * reload) that the production policy forbids. Only `electron-vite dev` relaxes it; the
 * built renderer, which the end-to-end tests drive, keeps the strict policy.
 */
function relaxPolicyForDevServer(): Plugin {
  return {
    name: 'lotwise:dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self';", "script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';");
    },
  };
}

export default defineConfig({
  main: {
    build: {
      // Dependencies (better-sqlite3 with its native addon, ccxt, ...) stay external and
      // load from node_modules at run time; electron-builder unpacks the native addon.
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(root, 'electron/main/index.ts'),
          'utility-process': resolve(root, 'electron/core/utility-process.ts'),
          // Imports parse files on a worker thread; parse-in-worker.ts finds it beside
          // the bundle as parse-worker.js.
          'parse-worker': resolve(root, 'electron/core/importers/parse-worker.ts'),
          // Recomputes the review problems on a worker thread; review-refresh.ts finds it
          // beside the bundle as review-worker.js.
          'review-worker': resolve(root, 'electron/core/review/review-worker.ts'),
        },
        // Shared chunks stay beside the entries, so a file found relative to
        // import.meta.url (the parse and review workers) is where it is expected in any chunk.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload is run as one classic script with a limited `require`: it
      // must be a single CommonJS file, whatever package.json's "type" says.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), relaxPolicyForDevServer()],
    build: {
      rolldownOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
