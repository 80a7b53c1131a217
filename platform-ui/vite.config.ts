import { defineConfig } from 'vite';

// No React plugin: esbuild compiles TSX with the automatic runtime, which is all the build needs
// (fast refresh is a dev nicety not worth its Babel dependency tree).
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    // Maven passes target/classes/iotp-ui so the jar carries the UI; `npm run build` alone writes dist/.
    outDir: process.env.IOTP_UI_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npm run dev` against a running platform: the gateway answers the API.
    proxy: { '/api': process.env.IOTP_GATEWAY ?? 'http://localhost:8080', '/apps': process.env.IOTP_GATEWAY ?? 'http://localhost:8080' },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
});
