import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { WORKSPACE_CSP_DIRECTIVES, workspaceCspMeta } from './src/main/core/receiver/workspace-csp'

/** Puts the workspace CSP into the built index.html (the Electron window loads it from file://, without headers). */
const cspMeta = (): Plugin => ({
  name: 'workspace-csp-meta',
  apply: 'build',
  transformIndexHtml: (html) => html.replace('<head>', `<head>\n    ${workspaceCspMeta(WORKSPACE_CSP_DIRECTIVES)}`)
})

// The Electron shell: main (ESM), preload (CommonJS: sandboxed preloads cannot be ES modules) and the renderer.
// The same renderer build is what browser mode (`npm run serve`) serves.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/electron/index.ts'),
          // Idle compaction's worker thread, found next to the bundle (store/compaction-thread.ts).
          'compaction-worker': resolve(__dirname, 'src/main/core/store/compaction-worker.ts')
        }
      }
    }
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react(), cspMeta()],
    build: {
      minify: 'esbuild',
      // Loaded from disk or loopback, never over a network: bundle size warnings do not apply.
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
