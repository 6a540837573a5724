// Types of engineFiles.cjs for the TypeScript tests and benches that lay out dist/ as the build does.
import type { BuildOptions } from 'esbuild';

export declare const ENGINE_FILES: readonly { module: string; file: string }[];
export declare const engineFilesOptions: Pick<BuildOptions, 'alias' | 'external' | 'supported'>;
export declare function engineFileBuilds(outdir: string, root: string, target?: string): BuildOptions[];
