// ESLint: typescript-eslint, React's hook rules, and the architecture as import rules
// (../shared/ARCHITECTURE.md, STYLE.md §1 and §7):
//   renderer/ and electron/ reach outside their folder only into protocol/;
//   protocol/ imports only its own modules and TypeBox;
//   config/ reads protocol/ only; server/ never reaches into renderer/, electron/ or scripts/;
//   a server feature (a folder under server/) reaches another only through that feature's public
//   module, server/<feature>/index.ts (the files beside the features, app.ts, main.ts and core.ts,
//   compose them and may import any module; so may test files);
//   only electron/ipc.ts registers IPC handlers, only electron/preload.ts touches ipcRenderer.
// Test files may also use tests/support/; tests/ and scripts/ may import anything.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const TESTS = ['**/*.test.ts'];

/** The code folders of the repository, as no-restricted-paths zones name them. */
const FOLDERS = ['protocol', 'server', 'renderer', 'electron', 'config', 'tests', 'scripts'];
const othersThan = (...allowed) => FOLDERS.filter((f) => !allowed.includes(f)).map((f) => `./${f}`);

/** Each folder under server/ is a feature. */
const FEATURES = readdirSync(path.join(ROOT, 'server'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Feature code only: app.ts, main.ts and core.ts beside the features compose them, and unit tests
// may build a feature's collaborators from their own modules.
const featureZones = FEATURES.map((feature) => ({
  target: `./server/!(${feature})/**/!(*.test).ts`,
  from: `./server/${feature}`,
  except: ['./index.ts'],
  message: `server/${feature} is reached from outside it only through its public module, server/${feature}/index.ts.`,
}));

const folderZones = [
  { target: './renderer', from: othersThan('renderer', 'protocol'), message: 'renderer/ reaches outside itself only into protocol/.' },
  { target: './electron', from: othersThan('electron', 'protocol'), message: 'electron/ reaches outside itself only into protocol/.' },
  { target: './protocol', from: othersThan('protocol'), message: 'protocol/ imports no code of ours.' },
  { target: './config', from: othersThan('config', 'protocol'), message: 'config/ reads protocol/ only.' },
  { target: './server', from: ['./renderer', './electron', './scripts'], message: 'server/ shares only protocol/ with the pages and Electron.' },
  // Product code never imports test support; test files beside it may.
  { target: ['./{protocol,server,renderer,electron,config}/**/!(*.test).{ts,tsx}'], from: './tests', message: 'Only tests import tests/.' },
];

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', 'data/', '.cache/', 'test-results/', '.scratch/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    rules: {
      // Type-aware (the project loads once: about 20 s more on two cores): promises nobody awaits or catches.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.flat['recommended-latest'].rules,
  },
  {
    files: ['{protocol,server,renderer,electron,config}/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...folderZones, ...featureZones] }],
    },
  },
  {
    files: ['protocol/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!typebox(/|$)|\\./)', message: 'protocol/ imports nothing but TypeBox: define the types it needs here.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The console reaches Electron only through window.consoleApi (electron/preload.ts).' }] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', importNames: ['ipcRenderer', 'contextBridge'], message: 'Only electron/preload.ts bridges the page (one function per message).' }],
      }],
    },
  },
  {
    files: TESTS,
    rules: {
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value='node:test']",
        message: 'Tests run on vitest (vitest.config.ts): import describe, test and the hooks from vitest.',
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/ipc.ts', ...TESTS],
    rules: {
      'no-restricted-syntax': ['error', {
        selector:
          "CallExpression[callee.property.name=/^(handle|handleOnce|on|once|addListener)$/]:matches([callee.object.name='ipcMain'], [callee.object.property.name='ipcMain'])",
        message: 'Register IPC handlers through handle() in electron/ipc.ts: it checks the sender frame and the arguments (STYLE §7).',
      }],
    },
  },
);
