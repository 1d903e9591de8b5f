// Vite build of the staff UI: output in web/dist, served by the gateway (WEB_ROOT).
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
  },
  server: {
    // `npm run dev` against a running suite: GATEWAY_URL=http://127.0.0.1:3000 npm run dev
    proxy: { '/api': process.env.GATEWAY_URL || 'http://127.0.0.1:3000' },
  },
  test: {
    include: ['test/**/*.test.js'],
    environment: 'node',
  },
});
