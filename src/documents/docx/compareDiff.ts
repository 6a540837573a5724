// Sequence diff for compare: Myers' O(ND) algorithm over any token arrays
// (paragraph texts, table rows, words), plus the word tokenizer. Pure; no DOCX here.

export type DiffOp = { kind: 'equal'; a: number; b: number; length: number } | { kind: 'delete'; a: number; length: number } | { kind: 'insert'; b: number; length: number };

/**
 * The shortest edit script turning `a` into `b` as runs of equal / delete / insert,
 * in order (a delete before an insert where both happen at one place). Common prefix
 * and suffix are trimmed first, so long unchanged documents cost almost nothing.
 * Past `maxCost` edits the middle is treated as one delete plus one insert (the
 * search keeps O(cost²) memory).
 */
export function diffSequences<T>(a: readonly T[], b: readonly T[], equals: (x: T, y: T) => boolean = Object.is, maxCost = 4_000): DiffOp[] {
  let start = 0;
  while (start < a.length && start < b.length && equals(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equals(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const ops: DiffOp[] = [];
  if (start > 0) ops.push({ kind: 'equal', a: 0, b: 0, length: start });
  for (const op of middle(a, b, start, endA, start, endB, equals, maxCost)) push(ops, op);
  if (endA < a.length) push(ops, { kind: 'equal', a: endA, b: endB, length: a.length - endA });
  return ops;
}

function push(ops: DiffOp[], op: DiffOp): void {
  const last = ops[ops.length - 1];
  if (last && last.kind === op.kind) {
    last.length += op.length;
    return;
  }
  ops.push(op);
}

/** Myers forward search with the V-array history kept, then a backtrack. */
function middle<T>(a: readonly T[], b: readonly T[], a0: number, a1: number, b0: number, b1: number, equals: (x: T, y: T) => boolean, maxCost: number): DiffOp[] {
  const n = a1 - a0;
  const m = b1 - b0;
  if (n === 0 && m === 0) return [];
  if (n === 0) return [{ kind: 'insert', b: b0, length: m }];
  if (m === 0) return [{ kind: 'delete', a: a0, length: n }];
  const max = Math.min(n + m, maxCost);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2)); // k from -d-1 to d+1
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && equals(a[a0 + x], b[b0 + y])) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    v = next;
  }
  if (found < 0) return [{ kind: 'delete', a: a0, length: n }, { kind: 'insert', b: b0, length: m }];
  // Backtrack from (n, m) through the saved V arrays; collect single steps in reverse.
  const steps: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d];
    const at = (kk: number) => vd[kk + d + 1];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const snakeLength = Math.min(x - (down ? prevX : prevX + 1), y - (down ? prevY + 1 : prevY));
    if (snakeLength > 0) steps.push({ kind: 'equal', a: a0 + x - snakeLength, b: b0 + y - snakeLength, length: snakeLength });
    if (down) steps.push({ kind: 'insert', b: b0 + prevY, length: 1 });
    else steps.push({ kind: 'delete', a: a0 + prevX, length: 1 });
    x = prevX;
    y = prevY;
  }
  if (x > 0) steps.push({ kind: 'equal', a: a0, b: b0, length: x });
  const ops: DiffOp[] = [];
  for (let i = steps.length - 1; i >= 0; i--) push(ops, steps[i]);
  return reorderDeletesFirst(ops);
}

/** Within a changed stretch (no equal in between) put the delete before the insert. */
function reorderDeletesFirst(ops: DiffOp[]): DiffOp[] {
  const out: DiffOp[] = [];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].kind === 'equal') {
      out.push(ops[i++]);
      continue;
    }
    const dels: DiffOp[] = [];
    const ins: DiffOp[] = [];
    while (i < ops.length && ops[i].kind !== 'equal') (ops[i].kind === 'delete' ? dels : ins).push(ops[i++]);
    for (const op of [...dels, ...ins]) push(out, op);
  }
  return out;
}

/**
 * Words for a word-level diff: runs of letters/digits (with inner apostrophes,
 * hyphens, dots and commas as in "don't", "e-mail", "3.5", "1,000"), runs of
 * whitespace, and every other character alone. Concatenated they give the text back.
 */
export function tokenizeWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’\-.,][\p{L}\p{N}]+)*|\s+|[^\p{L}\p{N}\s]/gu) ?? [];
}

/** Similarity of two texts in [0, 1]: share of words in common (Dice over the LCS). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const wa = tokenizeWords(a).filter((t) => t.trim());
  const wb = tokenizeWords(b).filter((t) => t.trim());
  if (wa.length + wb.length === 0) return a.trim() === b.trim() ? 1 : 0;
  let common = 0;
  for (const op of diffSequences(wa, wb, Object.is, 2_000)) if (op.kind === 'equal') common += op.length;
  return (2 * common) / (wa.length + wb.length);
}

/**
 * Reads better as a redline: a stretch of only whitespace left equal between two
 * changes joins them ("{--one hundred and eighty--}{++sixty++}" rather than
 * "{--one--}{++sixty++} {--hundred and eighty --}").
 */
export function absorbWhitespace(ops: DiffOp[], a: readonly string[]): DiffOp[] {
  const joined: DiffOp[] = [];
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    const prev = joined[joined.length - 1];
    const between = op.kind === 'equal' && prev && prev.kind !== 'equal' && i + 1 < ops.length && ops[i + 1].kind !== 'equal';
    if (between && a.slice(op.a, op.a + op.length).every((t) => t.trim() === '')) {
      joined.push({ kind: 'delete', a: op.a, length: op.length }, { kind: 'insert', b: op.b, length: op.length });
    } else joined.push({ ...op });
  }
  return reorderDeletesFirst(joined);
}
