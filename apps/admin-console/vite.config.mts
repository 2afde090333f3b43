import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The admin console, built into dist/apps/admin-console and served by
 * config-api at /console/ (same origin as the API). API types come from
 * @dirsync/contracts as type-only imports, erased here: the bundle holds no
 * server code.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: `${here}../../dist/apps/admin-console`,
    emptyOutDir: true,
    sourcemap: true,
  },
});
