import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** What each name in a layer's `forbidden` list stands for, as a regex over the import string. */
const IMPORTS = {
  main: '(^|/)main(/|$)',
  renderer: '(^|/)renderer(/|$)',
  recorder: '(^|/)recorder(/|$)',
  preload: '(^|/)preload(/|$)',
  // The package, and src/main/electron reached by a relative path.
  electron: '(^|/)electron(/|$)',
  cli: '(^|/)cli(/|$)',
  node: '^node:',
  sqlite: '^better-sqlite3$'
}

/** One layer's rule: `files` may not import what `forbidden` names (see IMPORTS). */
function layer(files, forbidden, why, ignores = []) {
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: forbidden.map((name) => ({ regex: IMPORTS[name], message: `${why}.` })) }
      ]
    }
  }
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.cache/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules }
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  // Layer boundaries (docs/architecture.md): each folder may import only the layers below it. Checked on
  // the import string (no resolver needed): relative paths name the folders they cross.
  layer(
    ['src/shared/**/*.{ts,tsx}'],
    ['main', 'renderer', 'recorder', 'preload', 'electron', 'node', 'sqlite'],
    'src/shared is used by every runtime: it imports no other layer, no Node, no Electron'
  ),
  layer(
    ['src/recorder/**/*.ts'],
    ['main', 'renderer', 'preload', 'electron', 'node', 'sqlite'],
    'the recorder runs in recorded pages: it imports only src/shared'
  ),
  layer(
    ['src/renderer/**/*.{ts,tsx}'],
    ['main', 'preload', 'recorder', 'electron', 'node', 'sqlite'],
    'the workspace talks to the core only through its bridge (src/renderer/src/api)'
  ),
  layer(
    ['src/preload/**/*.ts'],
    ['main', 'renderer', 'recorder', 'node', 'sqlite'],
    'the preload is a flat list of IPC calls: it imports only src/shared (and electron)'
  ),
  layer(
    ['src/main/core/**/*.ts'],
    ['electron', 'cli', 'renderer', 'preload', 'recorder', 'sqlite'],
    'the core runs under plain Node (no electron) and knows no front; only src/main/core/store/ talks to SQLite',
    ['src/main/core/store/**']
  ),
  layer(
    ['src/main/core/store/**/*.ts'],
    ['electron', 'cli', 'renderer', 'preload', 'recorder'],
    'the core runs under plain Node (no electron) and knows no front'
  ),
  layer(
    ['src/main/cli/**/*.ts'],
    ['electron', 'renderer', 'preload', 'recorder', 'sqlite'],
    'the CLI is a front over the core: no electron, no workspace, no SQL'
  ),
  layer(
    ['src/main/electron/**/*.ts'],
    ['cli', 'renderer', 'preload', 'recorder', 'sqlite'],
    'the Electron shell is a front over the core'
  ),
  {
    // The connection stays inside the store: code elsewhere asks the Store's typed methods.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/core/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        // store.db, and this.store.db / core.store.db
        ...["[object.name='store']", "[object.property.name='store']"].map((owner) => ({
          selector: `MemberExpression[property.name='db']${owner}`,
          message: 'Only src/main/core/store/ touches the connection: add a typed Store method instead.'
        }))
      ]
    }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
    }
  }
)
