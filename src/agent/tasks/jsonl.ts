// Reading an append-only JSON-lines log that may have been cut short. A crash
// mid-append leaves a torn last line: it is dropped quietly-ish (one warning).
// A corrupt line elsewhere is skipped with a warning; every other line is kept.

export interface JsonlParse<T> {
  records: T[];
  warnings: string[];
  /** True when the file did not end with a newline (a torn or unfinished last line). */
  tornTail: boolean;
}

/** `problem` says why a parsed line is not a valid record, or null when it is one. */
export function parseJsonl<T>(text: string, problem: (value: unknown) => string | null, label: string): JsonlParse<T> {
  const lines = text.split('\n');
  const tornTail = text.length > 0 && !text.endsWith('\n');
  const records: T[] = [];
  const warnings: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') continue;
    const isLast = i === lines.length - 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      warnings.push(isLast && tornTail ? `${label}: ignored an incomplete last line (the writer stopped mid-append)` : `${label}: skipped corrupt line ${i + 1}`);
      continue;
    }
    const why = problem(value);
    if (why !== null) {
      warnings.push(`${label}: skipped line ${i + 1}, which is not a valid record (${why})`);
      continue;
    }
    records.push(value as T);
  }
  return { records, warnings, tornTail };
}
