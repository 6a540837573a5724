// Lint: typescript-eslint's recommended rules plus the one architectural rule this
// project cares about most: the agent and sandbox cores never import `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-output/**', '.vscode-test/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/agent/**/*.ts', 'src/sandbox/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'src/agent and src/sandbox must stay free of vscode.' }] }],
    },
  },
);
