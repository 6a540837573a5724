// Types of cliBundles.cjs for the TypeScript tests and benches that lay out dist/ as the build does.
import type { BuildOptions } from 'esbuild';

export declare function cliBuilds(outdir: string, root: string, opts?: { engineFiles?: boolean }): BuildOptions[];
