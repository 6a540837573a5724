// Renders a cell value with its number format code, the way a spreadsheet shows it:
// sections (positive;negative;zero;text) and [>100] conditions, thousands separators and
// scaling commas, percent, scientific, simple fractions, literal text ("kg", \x, [$€-407]),
// dates and times (y m d h s, AM/PM, [h] elapsed), General. Colours are dropped; padding
// (_x) becomes a space and fill (*x) nothing, since the output is plain text.

import { serialToParts } from './serialDate';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

interface Section {
  code: string;
  condition?: { op: string; value: number };
}

const cache = new Map<string, Section[]>();

function sections(code: string): Section[] {
  let s = cache.get(code);
  if (s) return s;
  s = [];
  let cur = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length - 1 : end;
      cur += code.slice(i, stop + 1);
      i = stop;
    } else if (c === '\\' || c === '_' || c === '*') {
      cur += code.slice(i, i + 2);
      i++;
    } else if (c === ';') {
      s.push(parseSection(cur));
      cur = '';
    } else cur += c;
  }
  s.push(parseSection(cur));
  if (cache.size > 500) cache.clear();
  cache.set(code, s);
  return s;
}

function parseSection(code: string): Section {
  const m = /\[(<=|>=|<>|<|>|=)\s*(-?[\d.]+)\]/.exec(code);
  if (!m) return { code };
  return { code: code.replace(m[0], ''), condition: { op: m[1], value: Number(m[2]) } };
}

function test(cond: { op: string; value: number }, v: number): boolean {
  switch (cond.op) {
    case '<': return v < cond.value;
    case '<=': return v <= cond.value;
    case '>': return v > cond.value;
    case '>=': return v >= cond.value;
    case '=': return v === cond.value;
    default: return v !== cond.value;
  }
}

/** Excel's General format: up to 11 characters, switching to scientific for very large or small numbers. */
export function formatGeneral(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mant, exp] = v.toExponential(5).split('e');
    const e = Number(exp);
    return `${trimZeros(mant)}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - intDigits);
  return trimZeros(v.toFixed(decimals));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

export function isDateFormat(code: string): boolean {
  const first = sections(code)[0].code;
  const stripped = first.replace(/"[^"]*"|\\.|_.|\*.|\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '');
  return /[ymdhs]/i.test(stripped) && !/[0#?]/.test(stripped.replace(/\.0+/g, ''));
}

/** The text shown for a number under `code`. */
export function formatNumber(v: number, code: string, date1904 = false): string {
  if (!code || /^general$/i.test(code)) return formatGeneral(v);
  const secs = sections(code);
  let sec: Section;
  let value = v;
  let autoMinus = false;
  if (secs.some((s) => s.condition)) {
    const hit = secs.slice(0, 2).find((s) => s.condition && test(s.condition, v));
    sec = hit ?? secs.slice(0, 3).find((s) => !s.condition) ?? secs[secs.length - 1];
    value = Math.abs(v);
    autoMinus = v < 0 && !/[-(]/.test(sec.code.replace(/"[^"]*"/g, ''));
  } else if (v > 0 || secs.length === 1 || (v === 0 && secs.length === 2)) {
    sec = secs[0];
    if (secs.length === 1 && v < 0) {
      autoMinus = true;
      value = -v;
    }
  } else if (v < 0) {
    sec = secs[1];
    value = -v;
  } else sec = secs[2] ?? secs[0];
  if (/^general$/i.test(sec.code.trim())) return (autoMinus ? '-' : '') + formatGeneral(value);
  const out = isDateFormat(sec.code) ? formatDate(value, sec.code, date1904) : formatPlain(value, sec.code);
  return autoMinus && out !== undefined && /[1-9]/.test(out) ? '-' + out : out ?? formatGeneral(v);
}

/** Text under the text section (4th, or one containing @). */
export function formatText(s: string, code: string): string {
  const secs = sections(code);
  const sec = secs.length >= 4 ? secs[3] : secs.find((x) => x.code.includes('@'));
  if (!sec) return s;
  return literalParts(sec.code, (tok) => (tok === '@' ? s : ''));
}

/** Walks a section, expanding literals and calling `token` for everything else. */
function literalParts(code: string, token: (t: string) => string): string {
  let out = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      out += code.slice(i + 1, end < 0 ? code.length : end);
      i = end < 0 ? code.length : end;
    } else if (c === '\\') {
      out += code[i + 1] ?? '';
      i++;
    } else if (c === '_') {
      out += ' ';
      i++;
    } else if (c === '*') {
      i++;
    } else if (c === '[') {
      const end = code.indexOf(']', i);
      const inner = code.slice(i + 1, end < 0 ? code.length : end);
      const cur = /^\$([^-\]]*)/.exec(inner);
      if (cur) out += cur[1];
      else if (/^(h+|m+|s+)$/i.test(inner)) out += token(`[${inner}]`);
      i = end < 0 ? code.length : end;
    } else out += token(c);
  }
  return out;
}

function formatPlain(v: number, code: string): string {
  // Split off the numeric part: from the first digit placeholder to the last.
  const masked = code.replace(/"[^"]*"|\\.|_.|\*.|\[[^\]]*\]/g, (m) => '\u0000'.repeat(m.length));
  const first = masked.search(/[0#?.]/);
  if (first < 0) return literalParts(code, (t) => (t === '@' ? formatGeneral(v) : t));
  let last = first;
  for (let i = first; i < masked.length; i++) {
    const ch = masked[i];
    const inFraction = masked.slice(first, i).includes('/');
    if (/[0#?.,%/]/.test(ch) || (inFraction && /\d/.test(ch))) last = i;
    else if (/E/i.test(ch) && /[+-]/.test(masked[i + 1] ?? '')) last = ++i;
    else if (ch === ' ' && /[0#?]/.test(masked[i - 1] ?? '') && /[0#?]/.test(masked[i + 1] ?? '')) last = i;
    else break;
  }
  const num = masked.slice(first, last + 1);
  const before = code.slice(0, first);
  const after = code.slice(last + 1);
  const percent = (masked.match(/%/g) ?? []).length;
  const value = v * Math.pow(100, percent);
  const text = num.includes('/') ? fraction(value, num) : /E[+-]/i.test(num) ? scientific(value, num) : decimal(value, num);
  const lit = (s: string) => literalParts(s, (t) => (t === '@' ? '' : t));
  return lit(before) + text + '%'.repeat((num.match(/%/g) ?? []).length) + lit(after);
}

function decimal(v: number, num: string): string {
  let pattern = num.replace(/%/g, '');
  let scale = 0;
  while (pattern.endsWith(',')) {
    scale++;
    pattern = pattern.slice(0, -1);
  }
  const value = v / Math.pow(1000, scale);
  const dot = pattern.indexOf('.');
  const intPat = dot < 0 ? pattern : pattern.slice(0, dot);
  const fracPat = dot < 0 ? '' : pattern.slice(dot + 1).replace(/,/g, '');
  const grouping = intPat.includes(',');
  const minInt = (intPat.match(/0/g) ?? []).length;
  const maxFrac = (fracPat.match(/[0#?]/g) ?? []).length;
  const minFrac = fracPat.replace(/[#?]+$/, '').length;
  let [i, f = ''] = roundTo(value, maxFrac).split('.');
  while (f.length > minFrac && f.endsWith('0')) f = f.slice(0, -1);
  if (i === '0' && minInt === 0) i = '';
  i = i.padStart(minInt, '0');
  if (grouping) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dot < 0 ? i : `${i}.${f}`;
}

function roundTo(v: number, decimals: number): string {
  // toFixed rounds half-even on binary fractions (1.005 -> 1.00); nudge like Excel does.
  const eps = Math.abs(v) * Number.EPSILON * 4;
  return (v + (v >= 0 ? eps : -eps)).toFixed(Math.min(decimals, 20));
}

function scientific(v: number, num: string): string {
  const [mant, exp] = num.split(/E/i);
  const dot = mant.indexOf('.');
  const decimals = dot < 0 ? 0 : (mant.slice(dot + 1).match(/[0#?]/g) ?? []).length;
  const intDigits = Math.max(1, (mant.slice(0, dot < 0 ? undefined : dot).match(/[0#?]/g) ?? []).length);
  let e = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (intDigits > 1) e = Math.floor(e / intDigits) * intDigits; // engineering: ##0.0E+0
  let m = v / Math.pow(10, e);
  let ms = m.toFixed(decimals);
  if (Math.abs(Number(ms)) >= Math.pow(10, intDigits)) {
    e += intDigits;
    m = v / Math.pow(10, e);
    ms = m.toFixed(decimals);
  }
  const expDigits = (exp.match(/0/g) ?? []).length || 1;
  const sign = e < 0 ? '-' : exp.startsWith('+') ? '+' : '';
  return `${ms}E${sign}${String(Math.abs(e)).padStart(expDigits, '0')}`;
}

function fraction(v: number, num: string): string {
  const [left, den] = num.split('/');
  const parts = left.trim().split(/\s+/);
  const withWhole = parts.length > 1;
  const fixedDen = /^\d+$/.test(den.trim()) ? Number(den.trim()) : undefined;
  const maxDen = fixedDen ?? Math.pow(10, (den.match(/[0#?]/g) ?? ['?']).length) - 1;
  const whole = withWhole ? Math.floor(v) : 0;
  const rest = v - whole;
  let best = { n: 0, d: 1, err: Infinity };
  for (let d = fixedDen ?? 1; d <= maxDen; d++) {
    const n = Math.round(rest * d);
    const err = Math.abs(rest - n / d);
    if (err < best.err - 1e-12) best = { n, d, err };
    if (fixedDen) break;
  }
  if (withWhole) {
    if (best.n === 0) return String(whole);
    if (best.n === best.d) return String(whole + 1);
    return `${whole ? whole + ' ' : ''}${best.n}/${best.d}`;
  }
  return `${best.n}/${best.d}`;
}

function formatDate(v: number, code: string, date1904: boolean): string | undefined {
  const fracDigits = (/(?:ss?|\])\.(0+)/i.exec(code)?.[1] ?? '').length;
  const p = serialToParts(v, date1904, fracDigits === 0);
  if (!p) return undefined;
  const hasAmPm = /AM\/PM|A\/P/i.test(code);
  // Tokens are runs of one date letter; an m after h or before s means minutes.
  const out: { kind: 'lit' | 'tok'; s: string }[] = [];
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      out.push({ kind: 'lit', s: code.slice(i + 1, end < 0 ? code.length : end) });
      i = end < 0 ? code.length : end + 1;
    } else if (c === '\\') {
      out.push({ kind: 'lit', s: code[i + 1] ?? '' });
      i += 2;
    } else if (c === '_') {
      out.push({ kind: 'lit', s: ' ' });
      i += 2;
    } else if (c === '*') i += 2;
    else if (c === '[') {
      const end = code.indexOf(']', i);
      const inner = code.slice(i + 1, end < 0 ? code.length : end);
      if (/^(h+|m+|s+)$/i.test(inner)) out.push({ kind: 'tok', s: `[${inner.toLowerCase()}]` });
      else if (/^\$[^-\]]+/.test(inner)) out.push({ kind: 'lit', s: /^\$([^-\]]*)/.exec(inner)![1] });
      i = end < 0 ? code.length : end + 1;
    } else if (/^(AM\/PM|A\/P)/i.test(code.slice(i))) {
      const m = /^(AM\/PM|A\/P)/i.exec(code.slice(i))![0];
      out.push({ kind: 'tok', s: m.toUpperCase() });
      i += m.length;
    } else if (/[ymdhs]/i.test(c)) {
      let j = i;
      while (j < code.length && code[j].toLowerCase() === c.toLowerCase()) j++;
      out.push({ kind: 'tok', s: code.slice(i, j).toLowerCase() });
      i = j;
    } else if (c === '.' && /^\.0+/.test(code.slice(i)) && out.some((t) => t.kind === 'tok' && /s/.test(t.s))) {
      const m = /^\.0+/.exec(code.slice(i))![0];
      out.push({ kind: 'tok', s: m });
      i += m.length;
    } else {
      out.push({ kind: 'lit', s: c });
      i++;
    }
  }
  const tokIdx = out.map((t, k) => (t.kind === 'tok' ? k : -1)).filter((k) => k >= 0);
  const render = (t: string, k: number): string => {
    const h12 = p.hours % 12 === 0 ? 12 : p.hours % 12;
    const total = v * 24;
    switch (t[0]) {
      case 'y': return t.length <= 2 ? String(p.year % 100).padStart(2, '0') : String(p.year);
      case 'd':
        if (t.length === 1) return String(p.day);
        if (t.length === 2) return String(p.day).padStart(2, '0');
        return t.length === 3 ? DAYS[p.weekday].slice(0, 3) : DAYS[p.weekday];
      case 'h': return String(hasAmPm ? h12 : p.hours).padStart(t.length >= 2 ? 2 : 1, '0');
      case 's': return String(p.seconds).padStart(t.length >= 2 ? 2 : 1, '0');
      case '.': return (p.fraction.toFixed(t.length - 1)).slice(1);
      case 'A': return t === 'AM/PM' ? (p.hours < 12 ? 'AM' : 'PM') : p.hours < 12 ? 'A' : 'P';
      case '[':
        if (t[1] === 'h') return String(Math.floor(total + 1e-9)).padStart(t.length - 2, '0');
        if (t[1] === 'm') return String(Math.floor(total * 60 + 1e-9)).padStart(t.length - 2, '0');
        return String(Math.round(total * 3600)).padStart(t.length - 2, '0');
      case 'm': {
        const pos = tokIdx.indexOf(k);
        const prev = pos > 0 ? out[tokIdx[pos - 1]].s : '';
        const next = pos < tokIdx.length - 1 ? out[tokIdx[pos + 1]].s : '';
        const minute = t.length <= 2 && (prev.startsWith('h') || prev.startsWith('[h') || next.startsWith('s'));
        if (minute) return String(p.minutes).padStart(t.length, '0');
        if (t.length === 1) return String(p.month);
        if (t.length === 2) return String(p.month).padStart(2, '0');
        if (t.length === 3) return MONTHS[p.month - 1].slice(0, 3);
        return t.length === 5 ? MONTHS[p.month - 1][0] : MONTHS[p.month - 1];
      }
    }
    return t;
  };
  return out.map((t, k) => (t.kind === 'lit' ? t.s : render(t.s, k))).join('');
}
