// Limits applied while opening a package. Defaults are generous for real office files
// (a 300-page report with images is a few tens of MiB) and small enough that a zip bomb
// or a billion-laughs part stops with LIMIT_EXCEEDED long before memory runs out.

export interface PackageLimits {
  /** Sum of the uncompressed sizes of all entries. */
  maxTotalUncompressed: number;
  /** Uncompressed size of one entry. */
  maxEntryUncompressed: number;
  /** Number of entries in the central directory. */
  maxEntries: number;
  /** Uncompressed / compressed size of one entry (only checked above 1 MiB uncompressed). */
  maxCompressionRatio: number;
  /** Element nesting depth of an XML part. */
  maxXmlDepth: number;
}

export const DEFAULT_LIMITS: PackageLimits = {
  maxTotalUncompressed: 1024 * 1024 * 1024,
  maxEntryUncompressed: 512 * 1024 * 1024,
  maxEntries: 10_000,
  maxCompressionRatio: 200,
  maxXmlDepth: 256,
};

export function withDefaults(limits?: Partial<PackageLimits>): PackageLimits {
  return { ...DEFAULT_LIMITS, ...(limits ?? {}) };
}
