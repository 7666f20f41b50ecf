import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.next/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The dashboard's React code: the rules of hooks, and the React Compiler's checks (purity, refs, effects).
    files: ['apps/dashboard/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Pending its owner's rewrite of the graph (issue 11): it copies props into refs during
    // render (`handlersRef.current = handlers`). Reported as a warning until then, not hidden.
    files: ['apps/dashboard/components/NetworkGraph.tsx'],
    rules: { 'react-hooks/refs': 'warn' },
  },
  {
    // Test helpers read loosely typed JSON answers on purpose.
    files: ['**/test/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
