// Assembles the small initramfs: a static busybox, the shared /init and just
// the kernel modules the guest needs (with their dependencies), listed in
// load order in /lib/modules/load-order (wanted ones built into the kernel in
// /lib/modules/built-in). Kept tiny on purpose: the kernel
// unpacks it on every boot, and under TCG every megabyte shows.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCpio, type CpioEntry } from './cpio';
import { INIT_SCRIPT } from './initScript';
import { modinfoLookup, parseBuiltin, readModule, resolveModules } from './modules';
import { INITRAMFS_BLOCK_ROOT_MODULES, INITRAMFS_MODULES } from './recipe';

export interface InitramfsInputs {
  /** A statically linked busybox binary. */
  busybox: Buffer;
  /** Unpacked /lib/modules/<release> of the kernel being shipped. */
  modulesDir: string;
  modules?: readonly string[];
  /** Loaded only for a block-device root; see recipe.ts. */
  blockRootModules?: readonly string[];
}

export function buildInitramfs(inp: InitramfsInputs): { cpio: Buffer; modules: string[] } {
  let builtin = new Set<string>();
  try {
    builtin = parseBuiltin(readFileSync(join(inp.modulesDir, 'modules.builtin'), 'utf8'));
  } catch {
    // No modules.builtin: every wanted module must then be a loadable one.
  }
  const lookup = modinfoLookup(inp.modulesDir);
  const mods = resolveModules(inp.modules ?? INITRAMFS_MODULES, lookup, builtin);
  const core = new Set(mods.map((m) => m.path));
  const blk = resolveModules(inp.blockRootModules ?? INITRAMFS_BLOCK_ROOT_MODULES, lookup, builtin).filter((m) => !core.has(m.path));
  const entries: CpioEntry[] = [
    { path: 'bin', type: 'dir', mode: 0o755 },
    { path: 'bin/busybox', type: 'file', mode: 0o755, data: inp.busybox },
    { path: 'bin/sh', type: 'symlink', mode: 0o777, data: 'busybox' },
    { path: 'dev', type: 'dir', mode: 0o755 },
    { path: 'proc', type: 'dir', mode: 0o755 },
    { path: 'sys', type: 'dir', mode: 0o755 },
    { path: 'newroot', type: 'dir', mode: 0o755 },
    { path: 'lib', type: 'dir', mode: 0o755 },
    { path: 'lib/modules', type: 'dir', mode: 0o755 },
    { path: 'init', type: 'file', mode: 0o755, data: INIT_SCRIPT },
  ];
  // Flat file names: insmod takes a path, and the tree structure buys nothing here.
  const base = (p: string): string => p.slice(p.lastIndexOf('/') + 1).replace(/\.ko\.(xz|zst|gz)$/, '.ko');
  for (const m of [...mods, ...blk]) entries.push({ path: `lib/modules/${base(m.path)}`, type: 'file', mode: 0o644, data: readModule(join(inp.modulesDir, m.path)) });
  const names = mods.map((m) => base(m.path));
  entries.push({ path: 'lib/modules/load-order', type: 'file', mode: 0o644, data: names.join('\n') + '\n' });
  entries.push({ path: 'lib/modules/load-order.blk', type: 'file', mode: 0o644, data: blk.map((m) => base(m.path)).join('\n') + '\n' });
  // Wanted modules this kernel has built in (nothing to load), so a check of the initramfs can tell them from missing ones.
  const wanted = [...(inp.modules ?? INITRAMFS_MODULES), ...(inp.blockRootModules ?? INITRAMFS_BLOCK_ROOT_MODULES)].map((m) => m.replace(/-/g, '_'));
  entries.push({ path: 'lib/modules/built-in', type: 'file', mode: 0o644, data: wanted.filter((m) => builtin.has(m)).join('\n') + '\n' });
  return { cpio: writeCpio(entries), modules: [...names, ...blk.map((m) => base(m.path))] };
}
