import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

// Two entry points, one per page: the console (wall, dispatch) and the field terminal.
export default defineConfig({
  root: path.join(root, 'renderer'),
  base: '/',
  publicDir: false,
  build: {
    outDir: path.join(root, 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2048,
    rollupOptions: {
      input: {
        console: path.join(root, 'renderer', 'console', 'index.html'),
        field: path.join(root, 'renderer', 'field', 'index.html'),
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
