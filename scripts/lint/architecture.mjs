// Local ESLint rules for the architecture in docs/ARCHITECTURE.md:
//  - `layers`: an import may only point down the layers (src/shared at the bottom,
//    then src/sandbox, src/agent, and src/views / src/cli on top; src/documents sits
//    on src/shared alone; the webview bundle sees src/shared only);
//  - `no-cycle`: no chain of relative imports leads back to the importing file;
//  - `file-names`: source files are camelCase (`folderGuest.ts`, not `folder-guest.ts`).
// Paths are resolved from the import specifier, so `../../agent/x` and `../agent/x`
// are judged by where they land, not by how they are spelled.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

/** Layer of a repository file, or null for files the rule does not govern (tests, scripts). */
function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('webview/')) return 'webview';
  const m = /^src\/([^/.]+)(\/|\.ts$)/.exec(rel);
  if (!m) return null;
  if (m[1] === 'cli') return 'cli';
  if (m[1] === 'extension') return 'extension';
  return m[1];
}

/** Which layers each layer may import (besides itself). */
const ALLOWED = {
  shared: [],
  documents: ['shared'],
  sandbox: ['shared'],
  agent: ['shared', 'sandbox', 'documents'],
  views: ['shared', 'sandbox', 'agent', 'documents'],
  cli: ['shared', 'sandbox', 'agent', 'documents'],
  extension: ['shared', 'sandbox', 'agent', 'documents', 'views'],
  webview: ['shared'],
};

function resolveImport(fromFile, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const c of [base + '.ts', path.join(base, 'index.ts'), base]) if (existsSync(c) && c.endsWith('.ts')) return c;
  return null;
}

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;
const graph = new Map();

/** Relative imports of a file, resolved; read from disk once per lint run. */
function importsOf(file) {
  let deps = graph.get(file);
  if (deps) return deps;
  deps = [];
  graph.set(file, deps);
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return deps;
  }
  for (const m of text.matchAll(IMPORT_RE)) {
    const target = resolveImport(file, m[1] ?? m[2] ?? m[3]);
    if (target) deps.push(target);
  }
  return deps;
}

/** A path of imports from `start` back to `goal`, or null. */
function findPath(start, goal) {
  const seen = new Set();
  const stack = [[start, [start]]];
  while (stack.length) {
    const [file, trail] = stack.pop();
    for (const dep of importsOf(file)) {
      if (dep === goal) return trail;
      if (seen.has(dep)) continue;
      seen.add(dep);
      stack.push([dep, [...trail, dep]]);
    }
  }
  return null;
}

const where = (layer) => (layer === 'webview' ? 'webview/' : layer === 'extension' ? 'src/extension.ts' : `src/${layer}`);
const short = (f) => path.relative(ROOT, f).split(path.sep).join('/');

function importVisitors(check) {
  return {
    ImportDeclaration: (node) => check(node, node.source.value),
    ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
    ExportAllDeclaration: (node) => check(node, node.source.value),
    ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
  };
}

const layers = {
  meta: { type: 'problem', schema: [], messages: { up: '{{from}} must not import {{to}} ({{target}}): dependencies point downwards only (docs/ARCHITECTURE.md).' } },
  create(context) {
    const file = context.filename;
    const from = layerOf(file);
    if (!from) return {};
    return importVisitors((node, spec) => {
      const target = resolveImport(file, spec);
      if (!target) return;
      const to = layerOf(target);
      if (!to || to === from || ALLOWED[from]?.includes(to)) return;
      context.report({ node, messageId: 'up', data: { from: where(from), to: where(to), target: short(target) } });
    });
  },
};

const noCycle = {
  meta: { type: 'problem', schema: [], messages: { cycle: 'import cycle: {{chain}}' } },
  create(context) {
    const file = context.filename;
    if (!layerOf(file)) return {};
    return importVisitors((node, spec) => {
      const target = resolveImport(file, spec);
      if (!target) return;
      const back = target === file ? [] : findPath(target, file);
      if (back) context.report({ node, messageId: 'cycle', data: { chain: [file, ...back, file].map(short).join(' -> ') } });
    });
  },
};

const CAMEL = /^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*$/;

const fileNames = {
  meta: { type: 'suggestion', schema: [], messages: { name: 'file name {{name}} is not camelCase (e.g. folderGuest.ts).' } },
  create(context) {
    const name = path.basename(context.filename).replace(/\.(d\.)?[cm]?ts$/, '');
    return {
      Program(node) {
        if (!CAMEL.test(name)) context.report({ node, messageId: 'name', data: { name: path.basename(context.filename) } });
      },
    };
  },
};

export default { rules: { layers, 'no-cycle': noCycle, 'file-names': fileNames } };
