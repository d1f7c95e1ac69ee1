// ESLint flat config: typescript-eslint's recommended type-checked rules over every TypeScript
// source of the project (extension, CLI, tests, bench, scripts), typed through tsconfig.json.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    // Build output, installed packages, the downloaded code-server, bench data, and the webview's
    // plain script (media/*.js is being moved to TypeScript under src/webview/).
    ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'bench/.work/**', 'media/**/*.js', '*.vsix'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // Async functions here often implement a Promise-returning or async-iterable contract
      // (candidate generators that yield at once, `complete` hooks, test doubles) without awaiting.
      '@typescript-eslint/require-await': 'off',
      // Catch-and-rethrow passes the caught value on as it is (`reject(e)` in a catch or 'error' handler).
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // The layers, kept by a rule: the engine, the CLI, the agent tools and the webview page run without VS Code.
    files: ['src/engine/**/*.ts', 'src/cli/**/*.ts', 'src/agentTools/**/*.ts', 'src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension may import vscode: the engine, the CLI, the agent tools and the webview run without it.' }] }],
    },
  },
  {
    // No import circles anywhere in the product's code (type-only imports included).
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Tests read the CLI's --json output and edgit: URI queries with JSON.parse and assert on the
    // fields: the assertions are the check, typing each parsed shape again adds nothing.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // The build and packaging scripts and this config: plain Node ES modules outside tsconfig.json.
    files: ['**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
  },
);
