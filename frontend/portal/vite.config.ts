/// <reference types="vitest/config" />
// The subscriber portal's build: its own Vite root (frontend/portal), served by the Go binary
// at /portal/ (frontend.PortalHandler), so every URL it emits starts with /portal/.
// Two pages: index.html (the app) and expired.html (the page an expired customer's router
// sends the browser to: i18next and a fetch, no React). `--mode mock` answers every GraphQL
// request from fixtures (src/mock/) for screenshots without a server.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const root = fileURLToPath(new URL('.', import.meta.url));
const server = process.env.LINEDESK_DEV_SERVER ?? 'http://127.0.0.1:8080';

/**
 * Fills `{{t:some.key}}` in the HTML pages with the English strings of src/i18n/en.json at
 * build time: the expired page reads in full before (or without) any script, and the text
 * still has one source. The scripts then translate the same elements (data-i18n).
 */
function htmlStrings(): Plugin {
  const file = resolve(root, 'src/i18n/en.json');
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return {
    name: 'linedesk-portal-html-strings',
    transformIndexHtml(html) {
      const en = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      return html.replace(/\{\{t:([\w.]+)\}\}/g, (_, key: string) => {
        const v = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], en);
        if (typeof v !== 'string') throw new Error(`${key}: no such string in en.json`);
        return escape(v);
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/portal/',
  plugins: [react(), htmlStrings()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    assetsInlineLimit: 0, // every asset a file: the CSP allows no data: script
    rolldownOptions: {
      input: { index: resolve(root, 'index.html'), expired: resolve(root, 'expired.html') },
    },
  },
  server: {
    port: 5174,
    proxy: {
      '/portal/graphql': {
        target: server,
        changeOrigin: true,
        ws: true,
        // the server accepts a WebSocket only from its own origin (as for the dashboard)
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => req.setHeader('Origin', server));
          proxy.on('proxyReqWs', (req) => req.setHeader('Origin', server));
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    dir: resolve(root, '..'),
    include: ['portal/src/**/*.test.{ts,tsx}', 'shared/**/*.test.{ts,tsx}'],
    setupFiles: [resolve(root, 'src/test/setup.ts')],
    css: false,
    testTimeout: 30000, // a shared, busy machine: slow rather than flaky
  },
});
