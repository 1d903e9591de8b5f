// ESLint for the staff UI (flat config): the recommended JavaScript and Svelte rules; layout is
// Prettier's job (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default [
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // `catch {}` around best-effort calls (storage, clipboard) is deliberate.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // Unused arguments keep a handler's documented signature; a leading _ marks them.
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Off: the unkeyed {#each} blocks render fixed lists (chart bars, form errors, option
      // lists) addressed by index; a key adds nothing there and throws on a repeated value,
      // which some of those lists (labels, messages) may hold.
      'svelte/require-each-key': 'off',
      // Off: the plain Set/URL/URLSearchParams in lib/ are plumbing (listener sets, a URL
      // parsed and thrown away), not state a template reads; reactive wrappers would only add
      // tracking that nothing subscribes to.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.js'],
    languageOptions: { parserOptions: { svelteConfig } },
  },
  {
    // Node-side files: the build config, the end-to-end runner and the unit tests.
    files: ['*.config.js', 'e2e/**/*.mjs', 'test/**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
];
