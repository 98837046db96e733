import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console's build: `npm run build` writes it to dist/console (under the directory npm runs
 * in), which the API serves at `/`. `CONSOLE_OUT_DIR` builds elsewhere (the browser tests do).
 * `npx vite --config apps/console/vite.config.mts` serves it with reloads, proxying the API.
 */
export default defineConfig({
  root: dirname(fileURLToPath(import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: process.env.CONSOLE_OUT_DIR ?? resolve(process.cwd(), 'dist/console'),
    emptyOutDir: true,
    // No inline script: the API's Content-Security-Policy allows only the console's own files.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // React libraries mark their modules "use client" for server components; a browser bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/v1': 'http://localhost:3000', '/health': 'http://localhost:3000' },
  },
});
