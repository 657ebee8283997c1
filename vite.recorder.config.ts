import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string }

// The recorder is one self-contained IIFE file that the receiver serves at /recorder.js.
export default defineConfig({
  define: { __RECORDER_VERSION__: JSON.stringify(pkg.version) },
  build: {
    outDir: resolve(__dirname, 'out/recorder'),
    emptyOutDir: true,
    target: 'es2019',
    minify: 'esbuild',
    sourcemap: false,
    lib: {
      entry: resolve(__dirname, 'src/recorder/index.ts'),
      name: 'ReplayInvestigatorRecorder',
      formats: ['iife'],
      fileName: () => 'recorder.js'
    }
  }
})
