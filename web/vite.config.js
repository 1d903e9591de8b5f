// Vite build of the staff UI (index.html) and the customer portal (portal.html, its own small
// bundle: docs/portal-api.md): output in web/dist, served by the gateway (WEB_ROOT).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// `npm run dev`: the portal's pages load portal.html, as the gateway serves them.
const portalPages = {
  name: 'portal-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (/^\/portal(\/[\w-]+)*\/?(\?.*)?$/.test(req.url || '')) {
        req.url = `/portal.html${req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''}`;
      }
      next();
    });
  },
};

export default defineConfig({
  plugins: [svelte(), portalPages],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
    },
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
