// Lint: typescript-eslint's recommended rules plus the import boundaries from
// ARCHITECTURE.md, so a forbidden import fails `npm test` instead of a code review.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noNodeOrElectron = [
  { group: ['node:*'], message: 'shared/ and renderer/ run without Node.' },
  { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload use Electron.' },
  { group: ['better-sqlite3'], message: 'Only electron/core/db opens SQLite.' },
  { group: ['ccxt'], message: 'Only electron/core/exchanges and electron/core/prices use ccxt.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '.bench/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['better-sqlite3'], message: 'Only electron/core/db opens SQLite.' },
            { group: ['ccxt'], message: 'Only electron/core/exchanges and electron/core/prices use ccxt.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noNodeOrElectron,
            { group: ['../electron/**', '../renderer/**', '../../electron/**', '../../renderer/**'], message: 'shared/ imports nothing outside shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...noNodeOrElectron, { group: ['**/electron/**'], message: 'The renderer knows only the contract in shared/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/db/**', 'electron/core/exchanges/**', 'electron/core/prices/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core is Electron-free: it runs under plain Node.' },
            { group: ['**/main/**', '**/preload/**'], message: 'core never imports main or preload.' },
            { group: ['better-sqlite3'], message: 'Only electron/core/db opens SQLite.' },
            { group: ['ccxt'], message: 'Only electron/core/exchanges and electron/core/prices use ccxt.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core is Electron-free.' },
            { group: ['ccxt'], message: 'Only electron/core/exchanges and electron/core/prices use ccxt.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/exchanges/**/*.ts', 'electron/core/prices/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core is Electron-free.' },
            { group: ['better-sqlite3'], message: 'Only electron/core/db opens SQLite.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', '**/*.bench.ts', '*.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
