// The downloadable form of an image: one compressed tar of the image
// directory, its manifest beside it, and a sha256sum-style file naming both.
// `<base>/<stem>.sha256` is what a client asks for first, so one base URL can
// hold every version and architecture.

export const RELEASE_FORMATS = { gzip: '.tar.gz', brotli: '.tar.br' } as const;
export type ReleaseCompression = keyof typeof RELEASE_FORMATS;

/** `cowork-image-<version>-<arch>`: the shared start of a release's file names. */
export function releaseStem(version: string, arch: string): string {
  return `cowork-image-${version}-${arch}`;
}

export interface ReleaseFiles {
  archive: string;
  manifest: string;
  sums: string;
}

export function releaseFiles(version: string, arch: string, compression: ReleaseCompression): ReleaseFiles {
  const stem = releaseStem(version, arch);
  return { archive: stem + RELEASE_FORMATS[compression], manifest: `${stem}.manifest.json`, sums: `${stem}.sha256` };
}

/** The lines of `<stem>.sha256` (the format of sha256sum, so `sha256sum -c` checks a download by hand). */
export function formatSums(entries: Record<string, string>): string {
  return Object.entries(entries)
    .map(([name, hex]) => `${hex}  ${name}\n`)
    .join('');
}

export function parseSums(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^([0-9a-f]{64}) [ *](\S+)$/.exec(line);
    if (!m) throw new Error(`not a sha256 list (line: ${JSON.stringify(line.slice(0, 80))})`);
    out[m[2]!] = m[1]!;
  }
  return out;
}

/** Which compression an archive name says it uses. */
export function compressionOf(name: string): ReleaseCompression | undefined {
  for (const [c, ext] of Object.entries(RELEASE_FORMATS)) if (name.endsWith(ext)) return c as ReleaseCompression;
  return undefined;
}
