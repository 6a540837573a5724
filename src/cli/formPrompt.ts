// A connector's form (elicitation) on the terminal: first whether to answer it,
// then its fields one at a time, each checked as it is typed with the same
// checks the sidebar's form goes through (src/shared/elicitationForm.ts). A
// wrong value is explained and asked again; an empty answer takes the field's
// default. End of input declines a form not yet begun and cancels one half
// filled in, so a piped run never hangs on it. When `withdrawn` aborts (the server
// took its question back), the prompt stops at once and the answer is 'cancel'.

import { checkField, formatFormValue, type ElicitationForm, type FormAnswer, type FormField, type FormValues } from '../shared/elicitationForm';
import type { TerminalLines } from './terminalLines';

export async function askFormOnTerminal(form: ElicitationForm, lines: TerminalLines, output: NodeJS.WritableStream, withdrawn?: AbortSignal): Promise<FormAnswer> {
  for (;;) {
    const a = (await lines.prompt(`Fill in ${form.server}'s form? [a]nswer / [d]ecline / [c]ancel: `, withdrawn)).trim().toLowerCase();
    if (withdrawn?.aborted) return { action: 'cancel' };
    if (a === '' || a.startsWith('d') || a.startsWith('n')) return { action: 'decline' };
    if (a.startsWith('c')) return { action: 'cancel' };
    if (a.startsWith('a') || a.startsWith('y')) break;
    output.write('  please answer a, d or c\n');
  }
  const values: FormValues = {};
  for (const f of form.fields) {
    for (;;) {
      const typed = (await lines.prompt(fieldPrompt(f), withdrawn)).trim();
      if (withdrawn?.aborted) return { action: 'cancel' };
      if (typed === '' && lines.ended) return { action: 'cancel' };
      const raw = typed === '' && f.default !== undefined ? f.default : fromTerminal(f, typed);
      const r = checkField(f, raw);
      if (r.ok) {
        if (r.value !== undefined) values[f.key] = r.value;
        break;
      }
      output.write(`  ${r.error}\n`);
    }
  }
  return { action: 'accept', values };
}

/** Numbers pick choices by their position in the list shown. */
function fromTerminal(f: FormField, typed: string): unknown {
  if (f.kind !== 'choice' && f.kind !== 'multi') return typed;
  const pick = (part: string) => {
    const n = Number(part);
    return Number.isInteger(n) && n >= 1 && n <= f.options.length ? f.options[n - 1].value : part;
  };
  return f.kind === 'choice' ? pick(typed) : typed.split(',').map((p) => pick(p.trim())).filter(Boolean);
}

function fieldPrompt(f: FormField): string {
  const about = f.description ? ` (${f.description})` : '';
  let how = '';
  if (f.kind === 'boolean') how = ' [y/n]';
  else if (f.kind === 'choice') how = ` [${f.options.map((o, i) => `${i + 1} ${o.label}`).join(', ')}]`;
  else if (f.kind === 'multi') how = ` [${f.options.map((o, i) => `${i + 1} ${o.label}`).join(', ')}; several with commas]`;
  else if (f.kind === 'number') how = rangeText(f.minimum, f.maximum, f.integer ? 'whole number' : 'number');
  else if (f.format) how = ` [${f.format}]`;
  const def = f.default !== undefined ? `, empty for ${formatFormValue(f, f.default)}` : f.required ? ', required' : ', empty to leave out';
  return `  ${f.title}${about}${how}${def}: `;
}

function rangeText(min: number | undefined, max: number | undefined, what: string): string {
  if (min !== undefined && max !== undefined) return ` [${what}, ${min}–${max}]`;
  if (min !== undefined) return ` [${what}, at least ${min}]`;
  if (max !== undefined) return ` [${what}, at most ${max}]`;
  return ` [${what}]`;
}
