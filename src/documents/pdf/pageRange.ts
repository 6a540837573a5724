// Page selections as people write them: `3`, `1-3`, `1-3,7,10-`, `-2` (the first two),
// `last`, `2-last`. Pages are numbered from 1. The result keeps the order written
// (so `3,1,2` reorders) and may repeat a page when the selection names it twice.

import { DocumentError } from '../ooxml/documentError';

/** Pages named by `spec` in a document of `count` pages; an out-of-range page is an error naming it. */
export function parsePageRange(spec: string, count: number): number[] {
  const out: number[] = [];
  const parts = spec.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw bad(spec, 'an empty part');
  const num = (s: string, fallback: number): number => {
    if (s === '') return fallback;
    if (s === 'last' || s === 'end') return count;
    if (!/^\d+$/.test(s)) throw bad(spec, `"${s}" is not a page number`);
    const n = Number(s);
    if (n < 1 || n > count) throw new DocumentError('INVALID_ARGUMENT', `page ${n} does not exist: the document has ${count} page${count === 1 ? '' : 's'}`);
    return n;
  };
  for (const part of parts) {
    const m = /^([^-]*)-([^-]*)$/.exec(part);
    if (!m) {
      out.push(num(part, 0));
      continue;
    }
    const from = num(m[1].trim(), 1);
    const to = num(m[2].trim(), count);
    const step = from <= to ? 1 : -1;
    for (let p = from; p !== to + step; p += step) out.push(p);
  }
  return out;
}

function bad(spec: string, why: string): DocumentError {
  return new DocumentError('INVALID_ARGUMENT', `--pages "${spec}": ${why} (write e.g. 1-3,5,8-)`);
}

/** Groups of pages for `split`: each part of the spec is one output file. */
export function parsePageGroups(spec: string, count: number): number[][] {
  return spec.split(',').map((part) => parsePageRange(part, count));
}
