/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { gqlDocuments } from './shared/gqlDocuments.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const src = fileURLToPath(new URL('./src/', import.meta.url));
const server = process.env.LINEDESK_DEV_SERVER ?? 'http://127.0.0.1:8080';

/**
 * Mantine's ScrollArea imports only useMergeRefs from @floating-ui/react: it gets the same hook
 * from src/lib/mergeRefs.ts, so pages with a table but no popover (the dashboard) do not load
 * the positioning library. Any other import of @floating-ui/react is left alone.
 */
function scrollAreaMergeRefs(shim: string): Plugin {
  return {
    name: 'linedesk-scroll-area-merge-refs',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '@floating-ui/react' && importer?.includes('/@mantine/core/esm/components/ScrollArea/')) return shim;
      return null;
    },
  };
}

// Vite is rooted at frontend/; the one npm manifest lives at the repository root.
export default defineConfig({
  root,
  // gqlDocuments: each page's chunk carries only its own GraphQL documents (see the file).
  plugins: [gqlDocuments(src, src + 'gql/'), scrollAreaMergeRefs(src + 'lib/mergeRefs.ts'), react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    assetsInlineLimit: 0, // keep every asset a file: the CSP has no data: for scripts
    rolldownOptions: {
      // @graphiql's ES modules start with "use client", a React Server Components marker that
      // means nothing in a single-page bundle: the bundler drops it and warns once per file.
      // Only that warning, only from node_modules, is left out; every other one is shown.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('/node_modules/')) return;
        warn(warning);
      },
    },
  },
  // GraphiQL's worker set-up imports `…?worker` modules: the dev pre-bundler cannot load
  // those, so it is left to Vite's own worker handling.
  optimizeDeps: {
    exclude: ['graphiql/setup-workers/vite', '@graphiql/react/setup-workers/vite'],
  },
  worker: { format: 'es' },
  server: {
    proxy: {
      '/graphql': {
        target: server,
        changeOrigin: true,
        ws: true,
        // The server accepts a WebSocket only from its own origin: present the proxied
        // requests as coming from it.
        configure: (proxy) => {
          proxy.on('proxyReq', (req) => req.setHeader('Origin', server));
          proxy.on('proxyReqWs', (req) => req.setHeader('Origin', server));
        },
      },
      '/export': { target: server, changeOrigin: true },
      '/healthz': { target: server },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    // the machine is shared: allow slow renders rather than flaky failures
    testTimeout: 30000,
  },
});
