import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const libs = ['auth', 'claim-review', 'editorial', 'event-store', 'eventstoredb', 'metrics', 'read-models', 'testing'];
const noDeepImports = {
  group: ['**/libs/**', ...libs.map((lib) => `#${lib}/*`)],
  message: 'Import a lib only through its public entry point (#lib-name).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'scripts/demo/openapi.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [noDeepImports] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['libs/editorial/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            {
              group: ['@nestjs/*', 'better-sqlite3', '@eventstore/*', '@grpc/*', 'node:*', 'fs', 'fs/*', 'net', 'http', 'child_process', 'class-validator', 'class-transformer', '#event-store', '#eventstoredb', '#read-models', '#testing'],
              message: 'The editorial domain is pure: no framework, I/O or storage imports.',
            },
          ],
        },
      ],
    },
  },
  {
    // Specs may read fixtures from disk; the domain code itself stays pure.
    files: ['libs/editorial/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            {
              group: ['@nestjs/*', 'better-sqlite3', '@eventstore/*', '@grpc/*', 'node:*', '!node:fs', '!node:path', '!node:url', 'fs', 'fs/*', 'net', 'http', 'child_process', 'class-validator', 'class-transformer', '#event-store', '#eventstoredb', '#read-models', '#testing'],
              message: 'The editorial domain is pure: its specs may read fixtures (node:fs, node:path, node:url), nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/event-store/**/*.ts', 'libs/eventstoredb/**/*.ts', 'libs/read-models/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noDeepImports, { group: ['@nestjs/*'], message: 'Storage libs are framework-free; wire them in apps/api.' }] },
      ],
    },
  },
  {
    files: ['libs/claim-review/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepImports,
            { group: ['@nestjs/*', 'node:*', 'fs', 'fs/*', 'http', '#event-store', '#eventstoredb', '#read-models', '#testing'], message: 'ClaimReview export is pure: plain data in, JSON-LD out.' },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/metrics/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noDeepImports, { group: ['@nestjs/*'], message: 'Metrics are framework-free; hook them up in apps/api.' }] }],
    },
  },
  {
    files: ['scripts/**', 'bench/**', 'test/**', '**/*.spec.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The board's page: plain ES modules run by the browser.
    files: ['apps/api/src/board/public/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'location', 'history', 'sessionStorage', 'fetch', 'AbortController', 'TextDecoderStream', 'URLSearchParams', 'atob', 'CSS', 'setTimeout'].map((name) => [name, 'readonly']),
      ),
    },
  },
);
