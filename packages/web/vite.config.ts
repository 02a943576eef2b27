import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web shell: office screens now, the offline field app later (first-load JS budget: 150 KB gzipped).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts are self-hosted (woff2 files next to the JS); never inline them into CSS.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        // Libraries change rarely: one long-cached vendor chunk, app code separate.
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
