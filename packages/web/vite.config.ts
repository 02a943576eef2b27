import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorkerPlugin } from './sw/plugin.ts';

// One app, two faces: the office screens (#/…) and the offline field app for bookkeepers (#/field…), each
// loaded only when opened. Field app first-load budget: 150 KB of JS gzipped (bench/field-app.bench.ts).
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), serviceWorkerPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Fonts are self-hosted (woff2 files next to the JS); never inline them into CSS.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    rolldownOptions: {
      output: {
        // Libraries change rarely: long-cached vendor chunks, app code separate. React and i18next are needed by
        // every screen; Dexie only by the field app (the office screens never download it).
        codeSplitting: {
          groups: [
            { name: 'dexie', test: /node_modules[\\/]dexie/ },
            { name: 'vendor', test: /node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:8080', changeOrigin: false },
    },
  },
});
