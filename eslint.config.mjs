// Lint: typescript-eslint's recommended rules plus the architecture's rules: the
// agent, sandbox, documents and shared code never import `vscode`; imports point down
// the layers only and form no cycle; file names are camelCase (scripts/lint/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import architecture from './scripts/lint/architecture.mjs';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test-output/**', '.vscode-test/**', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['src/agent/**/*.ts', 'src/sandbox/**/*.ts', 'src/shared/**/*.ts', 'src/documents/**/*.ts', 'src/cli/**/*.ts', 'src/cli.ts', 'webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'only src/views and src/extension.ts may import vscode.' }] }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    plugins: { architecture },
    rules: {
      'architecture/layers': 'error',
      'architecture/no-cycle': 'error',
      'architecture/file-names': 'error',
    },
  },
);
