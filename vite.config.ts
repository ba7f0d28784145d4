import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one React app, loaded from file:// by Electron and served over HTTP in station mode.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5318, proxy: { '/api': 'http://127.0.0.1:5317' } },
});
