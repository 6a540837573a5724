// List numbering: the format of each level of each w:num, and labels ("1.", "a)")
// computed in document order as Word would number the paragraphs.

import type { OoxmlPackage, XmlElement } from '../ooxml';
import { child, childrenNamed } from '../ooxml';

interface Level {
  format: string;
  text: string;
  start: number;
}

export class Numbering {
  private readonly levels = new Map<string, Map<number, Level>>();
  private readonly abstractOf = new Map<string, string>();
  private readonly counters = new Map<string, number[]>();

  static read(pkg: OoxmlPackage, entry: string | undefined): Numbering {
    const n = new Numbering();
    if (!entry) return n;
    const root = pkg.xml(entry).root;
    const abstracts = new Map<string, Map<number, Level>>();
    for (const a of childrenNamed(root, 'w:abstractNum')) abstracts.set(a.attrs['w:abstractNumId'], readLevels(a));
    for (const num of childrenNamed(root, 'w:num')) {
      const id = num.attrs['w:numId'];
      const absId = child(num, 'w:abstractNumId')?.attrs['w:val'] ?? '';
      const levels = new Map(abstracts.get(absId) ?? []);
      for (const o of childrenNamed(num, 'w:lvlOverride')) {
        const ilvl = Number(o.attrs['w:ilvl'] ?? 0);
        const lvl = child(o, 'w:lvl');
        const startOverride = child(o, 'w:startOverride')?.attrs['w:val'];
        const base = lvl ? readLevel(lvl) : levels.get(ilvl);
        if (base) levels.set(ilvl, { ...base, start: startOverride !== undefined ? Number(startOverride) : base.start });
      }
      n.levels.set(id, levels);
      n.abstractOf.set(id, absId);
    }
    return n;
  }

  format(numId: string, level: number): string | undefined {
    return this.levels.get(numId)?.get(level)?.format;
  }

  /** The next label for a paragraph at (numId, level); advances the counters. */
  nextLabel(numId: string, level: number): string | undefined {
    const levels = this.levels.get(numId);
    const lvl = levels?.get(level);
    if (!levels || !lvl) return undefined;
    // Counters are kept per abstract list, as Word continues numbering across w:nums of one abstractNum.
    const key = this.abstractOf.get(numId) ?? numId;
    const counts = this.counters.get(key) ?? [];
    for (let i = 0; i <= level; i++) if (counts[i] === undefined) counts[i] = (levels.get(i)?.start ?? 1) - 1;
    counts[level]++;
    counts.length = level + 1;
    this.counters.set(key, counts);
    if (lvl.format === 'bullet' || lvl.format === 'none') return undefined;
    return lvl.text.replace(/%([1-9])/g, (_, d: string) => {
      const i = Number(d) - 1;
      return formatNumber(counts[i] ?? levels.get(i)?.start ?? 1, levels.get(i)?.format ?? 'decimal');
    });
  }
}

function readLevels(a: XmlElement): Map<number, Level> {
  const m = new Map<number, Level>();
  for (const l of childrenNamed(a, 'w:lvl')) m.set(Number(l.attrs['w:ilvl'] ?? 0), readLevel(l));
  return m;
}

function readLevel(l: XmlElement): Level {
  return {
    format: child(l, 'w:numFmt')?.attrs['w:val'] ?? 'decimal',
    text: child(l, 'w:lvlText')?.attrs['w:val'] ?? '',
    start: Number(child(l, 'w:start')?.attrs['w:val'] ?? 1),
  };
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter': return letters(n).toLowerCase();
    case 'upperLetter': return letters(n);
    case 'lowerRoman': return roman(n).toLowerCase();
    case 'upperRoman': return roman(n);
    case 'decimalZero': return n < 10 ? `0${n}` : String(n);
    default: return String(n);
  }
}

function letters(n: number): string {
  if (n <= 0) return String(n);
  const ch = String.fromCharCode(65 + ((n - 1) % 26));
  return ch.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  if (n <= 0 || n >= 4000) return String(n);
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let s = '';
  for (const [v, r] of table) while (n >= v) { s += r; n -= v; }
  return s;
}
