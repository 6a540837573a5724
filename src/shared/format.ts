// Small display formatters shared by the tree view, the sidebar and tests.
// Browser-safe (the webview bundles this file too).

/** "4s", "2m 05s", "1h 03m": compact enough for a tree item's description. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${String(m % 60).padStart(2, '0')}m`;
}

/** Cents precision, but small costs stay visible instead of rounding to $0.00. */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}

/** "12.3k tokens" style counts. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** Last path segment, for file chips. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length ? parts[parts.length - 1] : path;
}

/** "page https://…, file notes.md, connector mail/list (and 2 more)": an approval's untrusted sources, as the views show them. */
export function readBeforeText(r: { sources: { kind: string; label: string }[]; omitted: number }): string {
  const parts = r.sources.map((s) => `${s.kind} ${s.label}`);
  if (r.omitted > 0) parts.push(`and ${r.omitted} more`);
  return parts.join(', ');
}
