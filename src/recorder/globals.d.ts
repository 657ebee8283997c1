// Build-time constant: vite.recorder.config.ts (and vitest.config.ts) replace it with the package version.
declare const __RECORDER_VERSION__: string

interface Window {
  /** Set by the recorder once it has run on this page; see RecorderHandle in ./recorder.ts. */
  __replayInvestigator?: import('./recorder').RecorderHandle
}
