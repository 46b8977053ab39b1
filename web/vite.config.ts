import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The dashboard build. Output goes to web/dist, which Mamori's server serves at /. No inline script
 * or style may appear in the output: the server's CSP allows scripts and styles from 'self' only.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URLs into scripts; small files stay files.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
