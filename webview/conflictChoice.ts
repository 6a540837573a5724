// The per-file choice on an approval card whose batch has conflicting changes
// (ChangeItem.conflict: the file changed on disk since the task read it, by
// another task or the person): apply this task's version, keep the one on disk,
// or keep both (the task's saved beside it). Native radio buttons, one group per
// file, so keyboard and screen readers work as on any form; "keep both" is
// preselected because it is the one choice that loses nothing.

import type { ConflictChoice } from '../src/shared/taskEvents';
import { h, icon } from './dom';

const OPTIONS: { choice: ConflictChoice; label: string; hint: string }[] = [
  { choice: 'mine', label: 'Apply mine', hint: "this task's version replaces the file on disk" },
  { choice: 'theirs', label: 'Keep theirs', hint: "the file on disk stays; this task's change is dropped" },
  { choice: 'both', label: 'Keep both', hint: "the file on disk stays; this task's version is saved beside it" },
];

/** What the person chose so far, by path; read when they press "Approve changes". */
export type ConflictChoices = Map<string, ConflictChoice>;

let groupCounter = 0;

/** The conflict note and, while the approval is open, the three choices for one file. */
export function conflictChoice(path: string, why: string, open: boolean, chosen: ConflictChoices): HTMLElement {
  const note = h('div', { class: 'conflict-note' }, icon('warning'), h('span', { text: why.charAt(0).toUpperCase() + why.slice(1) }));
  if (!open) return h('div', { class: 'conflict' }, note);
  if (!chosen.has(path)) chosen.set(path, 'both');
  const name = `conflict-${++groupCounter}`;
  const group = h('div', { class: 'conflict-choices', attrs: { role: 'radiogroup', 'aria-label': `How to settle ${path}` } });
  for (const o of OPTIONS) {
    const input = h('input', { attrs: { type: 'radio', name, value: o.choice, 'aria-label': `${o.label}: ${path}` } });
    input.checked = chosen.get(path) === o.choice;
    input.addEventListener('change', () => {
      if (input.checked) chosen.set(path, o.choice);
    });
    group.append(h('label', { class: 'conflict-option', title: o.hint }, input, h('span', { text: o.label })));
  }
  return h('div', { class: 'conflict' }, note, group);
}

/** How a settled conflict reads once the batch was decided. */
export function settledText(path: string, choice: ConflictChoice | undefined): string {
  switch (choice) {
    case 'mine':
      return `${path}: applied this task's version`;
    case 'theirs':
      return `${path}: kept the version on disk`;
    default:
      return `${path}: kept both (this task's version saved beside it)`;
  }
}
