// Resolves the kernel modules the initramfs needs. The Debian kernel package
// ships no modules.dep (depmod runs at install time), so dependencies come from
// each module's own .modinfo "depends=" field, read lazily for just the modules
// we need. The list in recipe.ts names only what we want.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { modinfo } from './elf';

/**
 * A module file's ELF bytes. Newer Debian kernels may ship modules compressed
 * (.ko.xz, .ko.zst); busybox's insmod loads plain ELF only, so the initramfs
 * gets them decompressed (xz and zstd from the host, gzip from Node).
 */
export function readModule(file: string): Buffer {
  if (file.endsWith('.ko.xz')) return execFileSync('xz', ['-dc', file], { maxBuffer: 1 << 28 });
  if (file.endsWith('.ko.zst')) return execFileSync('zstd', ['-dcq', file], { maxBuffer: 1 << 28 });
  if (file.endsWith('.ko.gz')) return gunzipSync(readFileSync(file));
  return readFileSync(file);
}

/** Module name as the kernel spells it: basename without .ko*, dashes as underscores. */
export function moduleName(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_');
}

export interface ModuleInfo {
  /** Path relative to /lib/modules/<release>. */
  path: string;
  /** Names of the modules it needs loaded first. */
  deps: string[];
}

export type ModuleLookup = (name: string) => ModuleInfo | undefined;

/**
 * Every module needed to load `wanted`, dependencies before the modules that
 * use them (the order insmod needs). Throws when a wanted module is missing
 * and not built in, so a kernel without e.g. virtiofs fails the build, not the boot.
 */
export function resolveModules(wanted: readonly string[], lookup: ModuleLookup, builtin: ReadonlySet<string> = new Set()): ModuleInfo[] {
  const order: ModuleInfo[] = [];
  const done = new Set<string>();
  const visit = (raw: string, chain: string[]): void => {
    const name = raw.replace(/-/g, '_');
    if (done.has(name) || builtin.has(name)) return;
    if (chain.includes(name)) throw new Error(`module dependency cycle: ${[...chain, name].join(' -> ')}`);
    const mod = lookup(name);
    if (!mod) {
      const via = chain.length ? ` (needed by ${chain[chain.length - 1]})` : '';
      throw new Error(`kernel module ${name}${via} is neither a module nor built into this kernel`);
    }
    for (const dep of mod.deps) visit(dep, [...chain, name]);
    done.add(name);
    order.push(mod);
  };
  for (const name of wanted) visit(name, []);
  return order;
}

/** Names listed in modules.builtin (paths, one a line). */
export function parseBuiltin(text: string): Set<string> {
  return new Set(text.split('\n').filter(Boolean).map(moduleName));
}

/** A lookup over an unpacked /lib/modules/<release> tree, reading .modinfo on demand. */
export function modinfoLookup(releaseDir: string): ModuleLookup {
  const paths = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(releaseDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (/\.ko(\.(xz|zst|gz))?$/.test(e.name)) paths.set(moduleName(e.name), child);
    }
  };
  walk('kernel');
  return (name) => {
    const path = paths.get(name);
    if (!path) return undefined;
    const depends = modinfo(readModule(join(releaseDir, path))).find(([k]) => k === 'depends')?.[1] ?? '';
    return { path, deps: depends.split(',').filter(Boolean) };
  };
}
